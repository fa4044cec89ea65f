namespace Workbench.Training.Leaf;

/// <summary>One sequence to score for LeaF saliency (spec §2.2).</summary>
/// <param name="TokenIds">The whole rendered sample (template, instruction, assistant header, response), L ids.</param>
/// <param name="ScoredStart">First position of the scored region I.</param>
/// <param name="ScoredLength">n = |I|; the region is <c>[ScoredStart, ScoredStart + n)</c>.</param>
/// <param name="ResponseStart">First supervised position: ℓ is the mean NLL of tokens <c>[ResponseStart, L)</c>.</param>
public sealed record SaliencyRequest(int[] TokenIds, int ScoredStart, int ScoredLength, int ResponseStart);
