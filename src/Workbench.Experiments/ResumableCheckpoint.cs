namespace Workbench.Experiments;

/// <summary>
/// The on-disk contract of a resumable checkpoint, shared by the trainer that writes it and the host that resumes from it:
/// a folder <c>step-{N}</c> holding <c>model.safetensors</c> (the path reported as <see cref="CheckpointSaved"/>) and,
/// written last, <see cref="StateFileName"/>.
/// </summary>
public static class ResumableCheckpoint
{
    public const string StateFileName = "training-state.json";

    /// <summary>The folder to resume from when <paramref name="checkpointPath"/> (a reported model file) is resumable; else null.</summary>
    public static string? FolderOf(string checkpointPath) =>
        Path.GetDirectoryName(checkpointPath) is { } folder && File.Exists(Path.Combine(folder, StateFileName)) ? folder : null;
}
