namespace Workbench.RunProtocol;

/// <summary>Where the run hub listens and how a worker says which run's worker it is.</summary>
public static class RunsHubEndpoint
{
    public const string HubPath = "/hubs/runs";

    /// <summary>Header carrying the secret the host hands each worker (its run's own); reports into other runs are refused.</summary>
    public const string TokenHeader = "X-Workbench-Worker-Token";

    /// <summary>How the hub's refusals of a report batch begin (wrong run, revoked token): a worker stops sending then.</summary>
    public const string RefusalPrefix = "Refused: ";
}
