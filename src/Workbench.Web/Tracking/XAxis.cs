namespace Workbench.Web.Tracking;

/// <summary>What a chart's x axis shows. Points are always bucketed by step; the axis only maps steps to x.</summary>
public enum XAxis { Step, Tokens, Time, Relative }

public static class XAxes
{
    public static XAxis Parse(string? text) => text?.ToLowerInvariant() switch
    {
        "tokens" => XAxis.Tokens,
        "time" => XAxis.Time,
        "relative" => XAxis.Relative,
        _ => XAxis.Step,
    };

    public static string Name(XAxis axis) => axis.ToString().ToLowerInvariant();

    public static string Title(XAxis axis) => axis switch
    {
        XAxis.Tokens => "tokens seen",
        XAxis.Time => "wall time",
        XAxis.Relative => "time since start (s)",
        _ => "step",
    };

    public static bool NeedsWallTime(XAxis axis) => axis is XAxis.Time or XAxis.Relative;
}
