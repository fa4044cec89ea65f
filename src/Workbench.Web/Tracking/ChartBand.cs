namespace Workbench.Web.Tracking;

/// <summary>
/// How a chart that groups runs by everything but the seed draws each configuration: <see cref="Off"/> one line per
/// run (no grouping), <see cref="MinMax"/> the mean line with the runs' min–max band, <see cref="Ci"/> the mean line
/// with its 95 % Student-t interval.
/// </summary>
public enum ChartBand { Off, MinMax, Ci }

public static class ChartBands
{
    public static ChartBand Parse(string? text) => text?.ToLowerInvariant() switch
    {
        "minmax" => ChartBand.MinMax,
        "ci" => ChartBand.Ci,
        _ => ChartBand.Off,
    };

    public static string Name(ChartBand band) => band.ToString().ToLowerInvariant();

    public static string Title(ChartBand band) => band switch
    {
        ChartBand.MinMax => "mean, min–max band",
        ChartBand.Ci => "mean, 95 % interval",
        _ => "one line per run",
    };
}
