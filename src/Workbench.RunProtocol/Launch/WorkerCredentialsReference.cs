namespace Workbench.RunProtocol.Launch;

/// <summary>
/// Where the worker reads its run's token: the first line on its stdin (a local worker; the host writes it there, never into
/// arguments, the environment or the launch document, which other users may read), or a file only the worker's user can read
/// (a worker another scheduler starts). <see cref="None"/> for headless runs.
/// </summary>
public sealed record WorkerCredentialsReference(string Source, string? Path = null)
{
    public const string StdinSource = "stdin";
    public const string FileSource = "file";
    public const string NoneSource = "none";

    public static WorkerCredentialsReference Stdin { get; } = new(StdinSource);
    public static WorkerCredentialsReference None { get; } = new(NoneSource);
    public static WorkerCredentialsReference File(string path) => new(FileSource, path);
}
