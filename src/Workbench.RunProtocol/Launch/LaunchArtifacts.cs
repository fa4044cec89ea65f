namespace Workbench.RunProtocol.Launch;

/// <summary>
/// <see cref="LaunchReferences"/> for a worker that shares no disk with the host: each input as files it fetches from the
/// host by SHA-256 (<see cref="Workbench.Experiments.Artifacts.WorkerArtifactRoutes"/>) into its own cache, checked on
/// arrival; its checkpoints go back through the upload endpoint. Null where the config names nothing of the kind.
/// </summary>
public sealed record LaunchArtifacts(
    ArtifactInput? Teacher = null,
    ArtifactInput? StudentInit = null,
    ArtifactInput? Dataset = null,
    IReadOnlyDictionary<string, ArtifactInput>? EvalDatasets = null,
    ArtifactInput? Resume = null,
    ArtifactInput? Oracle = null);
