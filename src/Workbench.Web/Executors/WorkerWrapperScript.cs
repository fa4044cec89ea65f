namespace Workbench.Web.Executors;

/// <summary>
/// The shell lines a cluster job runs the worker with, so the worker sees what a local one does: its run's token as the
/// first stdin line, then "cancel" when the job is told to stop (<paramref name="cancelSignals"/>), and a stdin that stays
/// open meanwhile (a closed stdin also stops a worker). The pipe lives only inside the job; the token never reaches the
/// worker's arguments or environment. The worker starts with the cancel signals ignored (a scheduler may signal the whole
/// job, and .NET would die of SIGUSR1): it stops on the "cancel" line the shell's trap writes.
/// </summary>
public static class WorkerWrapperScript
{
    /// <param name="tokenSource">A shell expression printing the token: a quoted literal's printf, or <c>cat</c> of a Secret file.</param>
    /// <param name="command">The worker command line, each word quoted.</param>
    public static string Render(string tokenSource, string command, string cancelSignals) => $$"""
        pipe="$(mktemp -u "${TMPDIR:-/tmp}/workbench-worker.XXXXXXXX")"
        mkfifo -m 600 "$pipe"
        exec 3<>"$pipe"
        rm -f "$pipe"
        {{tokenSource}} >&3
        trap '' {{cancelSignals}}
        {{command}} <&3 &
        worker=$!
        trap 'printf "cancel\n" >&3' {{cancelSignals}}
        while :; do
          wait "$worker"
          status=$?
          kill -0 "$worker" 2>/dev/null || break
        done
        exit "$status"
        """;
}
