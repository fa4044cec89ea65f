namespace Workbench.Web.Analysis;

/// <summary>A filter expression that does not parse. <see cref="Column"/> is 1-based, pointing at the offending character.</summary>
public sealed class FilterSyntaxException(string problem, int column)
    : Exception($"{problem} (column {column})")
{
    public string Problem { get; } = problem;
    public int Column { get; } = column;
}
