namespace Workbench.Experiments.Datasets;

/// <summary>
/// How a run config names its dataset: a built-in name (<see cref="BuiltInDatasets"/>) or <c>imported:&lt;name&gt;</c> for a
/// dataset imported on the Datasets page (the host exports it to a file the worker reads).
/// </summary>
public static class DatasetRefs
{
    public const string ImportedPrefix = "imported:";

    public static string Imported(string name) => ImportedPrefix + name;

    public static bool IsImported(string? dataset) => dataset?.StartsWith(ImportedPrefix, StringComparison.Ordinal) == true;

    /// <summary>The imported dataset's name, or null for a built-in one.</summary>
    public static string? ImportedName(string? dataset) => IsImported(dataset) ? dataset![ImportedPrefix.Length..] : null;
}
