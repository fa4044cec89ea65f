namespace Workbench.Experiments;

/// <summary>A rejected value: <see cref="Field"/> is a JSON path such as "objectives[1].temperature".</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
