namespace Workbench.Experiments;

/// <summary>
/// The on-disk contract of a resumable checkpoint, shared by the trainer that writes it and the host that resumes from it:
/// a folder <c>step-{N}</c> holding <c>model.safetensors</c> (the path reported as <see cref="CheckpointSaved"/>) and,
/// written last, <see cref="StateFileName"/>.
/// </summary>
public static class ResumableCheckpoint
{
    public const string StateFileName = "training-state.json";
    public const string FolderPrefix = "step-";
    public const string ModelFileName = "model.safetensors";
    public const string OptimizerFileName = "optimizer.safetensors";

    /// <summary>True when <paramref name="folder"/> holds a complete resumable checkpoint (model, optimizer and, last, the state file).</summary>
    public static bool IsResumable(string folder) =>
        File.Exists(Path.Combine(folder, StateFileName)) && File.Exists(Path.Combine(folder, ModelFileName))
        && File.Exists(Path.Combine(folder, OptimizerFileName));

    /// <summary>The resumable <c>step-N</c> folders of a run, oldest first.</summary>
    public static IReadOnlyList<string> List(string runDirectory)
    {
        if (!Directory.Exists(runDirectory)) return [];
        return [.. Directory.GetDirectories(runDirectory, FolderPrefix + "*")
            .Select(d => (Folder: d, Step: StepOf(d)))
            .Where(x => x.Step >= 0 && IsResumable(x.Folder))
            .OrderBy(x => x.Step)
            .Select(x => x.Folder)];
    }

    /// <summary>N of a <c>step-N</c> folder; -1 for any other name.</summary>
    public static long StepOf(string folder) =>
        Path.GetFileName(folder) is { } name && name.StartsWith(FolderPrefix, StringComparison.Ordinal)
        && long.TryParse(name[FolderPrefix.Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var step) ? step : -1;

    /// <summary>The folder to resume from when <paramref name="checkpointPath"/> (a reported model file) is resumable; else null.</summary>
    public static string? FolderOf(string checkpointPath) =>
        Path.GetDirectoryName(checkpointPath) is { } folder && File.Exists(Path.Combine(folder, StateFileName)) ? folder : null;
}
