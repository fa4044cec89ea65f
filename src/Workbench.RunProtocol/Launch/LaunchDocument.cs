using Workbench.Experiments;

namespace Workbench.RunProtocol.Launch;

/// <summary>
/// Everything a worker starts from, written once by whoever launches it (the host's scheduler, or the headless command
/// line): the validated config, where the models, data and resume state it names were resolved to, where to write,
/// and where its credentials come from. The host URL is the only other input.
/// </summary>
/// <param name="RunId">The run's id in the host's database (0: a headless run that makes its own row).</param>
/// <param name="ReportGraceSeconds">How long a finished worker keeps trying to deliver reports the host has not taken yet.</param>
/// <param name="FirstSequence">Sequence of this worker's first report: one past the last one the host applied for the run.</param>
/// <param name="HostUrls">
/// Other web hosts sharing the launching host's database and Redis, in order: when the host it reports to is unreachable,
/// the worker reports (and delivers its spool) to the next one. Null or empty = only the launching host (<c>--host</c>).
/// <param name="Artifacts">
/// Set when the worker shares no disk with the host: its inputs to fetch over HTTP (<see cref="References"/> then names no
/// host path), <see cref="OutputDirectory"/> is relative to the worker's working folder, and checkpoints are uploaded.
/// </param>
public sealed record LaunchDocument(
    int RunId,
    RunConfig Config,
    LaunchReferences References,
    string OutputDirectory,
    WorkerCredentialsReference Credentials,
    long FirstSequence = 1,
    int Threads = 0,
    int KeepCheckpoints = 3,
    IReadOnlyList<string>? ModelRoots = null,
    int ReportGraceSeconds = 120,
    long? TeacherStoreBudgetMb = null,
    IReadOnlyList<string>? HostUrls = null,
    LaunchArtifacts? Artifacts = null)
{
    /// <summary>Name of the file in the run folder (not config.json: a Hugging Face student is saved there, with its own config.json).</summary>
    public const string FileName = "launch.json";

    /// <summary>
    /// The worker's spool in its output folder: reports its host has not taken yet. A launch sets an earlier worker's spool
    /// aside (<see cref="StaleSpoolFileName"/>): those reports belong to an attempt the run has moved on from.
    /// </summary>
    public const string SpoolFileName = "reports.spool";

    public const string StaleSpoolFileName = "reports.spool.stale";
}
