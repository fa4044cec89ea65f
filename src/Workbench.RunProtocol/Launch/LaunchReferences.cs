namespace Workbench.RunProtocol.Launch;

/// <summary>
/// The files a config's references resolved to at launch: a teacher or starting student named by run, checkpoint or
/// folder; imported datasets by name (the training set, and <c>imported:&lt;name&gt;</c> → file for evaluation sets); the
/// resumable checkpoint folder a resumed run continues from; the oracle of the golden metrics. Null where the config names nothing of the kind.
/// </summary>
public sealed record LaunchReferences(
    string? Teacher = null,
    string? StudentInit = null,
    string? Dataset = null,
    IReadOnlyDictionary<string, string>? EvalDatasets = null,
    string? Resume = null,
    string? Oracle = null);
