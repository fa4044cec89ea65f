namespace Workbench.Storage.Entities;

/// <summary>An on-policy run's latest samples from the student (<see cref="Experiments.OnPolicy.PolicySamples"/> as JSON), one row per run.</summary>
public sealed class PolicySamplesEntity
{
    public int RunId { get; set; }
    public long Step { get; set; }
    public required string Json { get; set; }
}
