using Workbench.Experiments;

namespace Workbench.Web.Hosting;

/// <summary>Whether a queued run may start: every run it loads (teacher, starting student) must have completed.</summary>
public static class DependencyGate
{
    /// <summary>
    /// <see cref="DependencyState.Ready"/>, <see cref="DependencyState.Waiting"/> while a dependency is queued or running,
    /// or <see cref="DependencyState.Blocked"/> with the reason ("teacher run 12 failed") when one never will complete.
    /// </summary>
    public static (DependencyState State, string? Reason) Check(RunConfig config, IReadOnlyDictionary<int, RunStatus> statuses)
    {
        var waiting = false;
        foreach (var dependency in RunDependency.Of(config))
        {
            var subject = $"{dependency.Role} run {dependency.RunId}";
            if (!statuses.TryGetValue(dependency.RunId, out var status)) return (DependencyState.Blocked, $"{subject} no longer exists");
            switch (status)
            {
                case RunStatus.Completed: continue;
                case RunStatus.Queued or RunStatus.Running: waiting = true; break;
                case RunStatus.Failed: return (DependencyState.Blocked, $"{subject} failed");
                default: return (DependencyState.Blocked, $"{subject} was {status.ToString().ToLowerInvariant()}");
            }
        }
        return (waiting ? DependencyState.Waiting : DependencyState.Ready, null);
    }
}
