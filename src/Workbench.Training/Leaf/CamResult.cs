namespace Workbench.Training.Leaf;

/// <summary>Confounder attention mass of one sample (spec §5).</summary>
/// <param name="Cam">mean over response queries, layers and heads of the attention weight on span keys.</param>
/// <param name="Share">Cam / the same mean over instruction keys: the share of instruction attention on the spans (0 when the instruction gets none).</param>
/// <param name="Lift">Share / (|A| / |I|): 1 = the spans get attention in proportion to their size.</param>
public sealed record CamResult(double Cam, double Share, double Lift);
