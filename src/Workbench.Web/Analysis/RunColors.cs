namespace Workbench.Web.Analysis;

/// <summary>A stable colour per run (by id), so a run keeps its colour on every chart and in every comparison.</summary>
public static class RunColors
{
    // Tableau 10 then its light variants: runs 1-10 (and any ten consecutive ids from 1 mod 20) get strong, distinct hues.
    private static readonly string[] s_palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
    ];

    public static string For(int runId) => s_palette[(int)((uint)(runId - 1) % (uint)s_palette.Length)];
}
