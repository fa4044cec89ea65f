namespace Workbench.Web.Executors;

/// <summary>Turns a worker's exit code into words for the run's error field.</summary>
public static class WorkerExit
{
    public static string Describe(int exitCode, string? stderrTail)
    {
        var reason = exitCode switch
        {
            134 => "the worker aborted (SIGABRT, often a native libtorch error)",
            137 => "the worker was killed (SIGKILL, often out of memory)",
            139 => "the worker crashed (SIGSEGV in native code)",
            > 128 and < 160 => $"the worker died from signal {exitCode - 128}",
            _ => $"the worker exited with code {exitCode}",
        };
        var detail = string.IsNullOrWhiteSpace(stderrTail) ? "" : $": {stderrTail.Trim()}";
        return char.ToUpperInvariant(reason[0]) + reason[1..] + detail;
    }
}
