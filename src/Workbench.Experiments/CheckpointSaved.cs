namespace Workbench.Experiments;

/// <summary>A checkpoint file a run wrote, and the step it holds.</summary>
public sealed record CheckpointSaved(string Path, long Step);
