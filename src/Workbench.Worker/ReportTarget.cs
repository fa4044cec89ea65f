namespace Workbench.Worker;

/// <summary>Where a run's reports go: the host's hub, a SQLite file, or JSON lines.</summary>
public sealed record ReportTarget(Uri? HostUrl, string? DatabasePath, TextWriter? Lines)
{
    public bool IsHost => HostUrl is not null;

    public static ReportTarget Host(Uri url) => new(url, null, null);
    public static ReportTarget Database(string path) => new(null, path, null);
    public static ReportTarget Stdout(TextWriter lines) => new(null, null, lines);
}
