namespace Workbench.RunProtocol;

/// <summary>What the hub calls on its subscribers (<c>Hub&lt;IRunsClient&gt;</c> on the server, <see cref="RunsHubClient.On"/> here).</summary>
public interface IRunsClient
{
    /// <summary>A run changed status (<see cref="Workbench.Experiments.RunStatus"/> by name), with its error if it failed.</summary>
    Task RunStatusChanged(int runId, string status, string? error);
}
