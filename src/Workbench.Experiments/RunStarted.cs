namespace Workbench.Experiments;

/// <summary>What a worker knows once its models are loaded: the device, the student's parameter count and the run's length.</summary>
public sealed record RunStarted(string Device, long ParameterCount, int TotalSteps);
