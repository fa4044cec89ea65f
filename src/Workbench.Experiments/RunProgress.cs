namespace Workbench.Experiments;

/// <summary>How far a run is and how fast it goes.</summary>
public sealed record RunProgress(long Step, int TotalSteps, double StepsPerSecond, double TokensPerSecond);
