using Workbench.Experiments.OnPolicy;

namespace Workbench.RunProtocol.Reports;

/// <summary>An on-policy run's latest samples from the student, each token scored by the teacher, and its on-policy share.</summary>
public sealed record PolicySamplesReport(int RunId, long Sequence, PolicySamples Samples) : RunReport(RunId, Sequence);
