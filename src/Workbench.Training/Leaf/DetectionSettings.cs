namespace Workbench.Training.Leaf;

/// <summary>
/// How a sample's Δ becomes flags (spec §2.4, §2.6). Changing these never needs new gradients: detection is a pure
/// function of the stored raw norms.
/// </summary>
/// <param name="ThresholdMode"><see cref="Quantile"/> (reference, default): flag Δ ≤ min(sorted(Δ)[⌊n·ρ⌋], cap).
/// <see cref="Absolute"/> (paper): flag Δ &lt; τ. <see cref="Top"/> (a confounder budget): flag the unprotected units with
/// the lowest Δ, <paramref name="MaxSpansPerSample"/> of them (1 when null).</param>
/// <param name="Rho">Bottom-quantile ratio ρ of quantile mode, in [0, 1].</param>
/// <param name="Tau">Threshold τ of absolute mode, ≥ 0.</param>
/// <param name="Cap">Upper bound on the quantile threshold (0.5 in the reference).</param>
/// <param name="MaxSpansPerSample">Keep at most this many spans (those with the lowest mean Δ); null = unlimited.</param>
public sealed record DetectionSettings(
    string ThresholdMode = DetectionSettings.Quantile,
    double Rho = 0.10,
    double Tau = 0.10,
    double Cap = 0.5,
    int? MaxSpansPerSample = null)
{
    public const string Quantile = "quantile";
    public const string Absolute = "absolute";
    public const string Top = "top";

    /// <summary>Throws <see cref="ArgumentException"/> when the settings cannot be applied.</summary>
    public void Validate()
    {
        if (ThresholdMode is not (Quantile or Absolute or Top))
            throw new ArgumentException($"Threshold mode must be '{Quantile}', '{Absolute}' or '{Top}' (got '{ThresholdMode}').");
        if (!(Rho is >= 0 and <= 1)) throw new ArgumentException($"ρ must be in [0, 1] (got {Rho}).");
        if (!(Tau >= 0) || double.IsInfinity(Tau)) throw new ArgumentException($"τ must be a finite number ≥ 0 (got {Tau}).");
        if (double.IsNaN(Cap)) throw new ArgumentException("The cap must be a number.");
        if (MaxSpansPerSample is < 1) throw new ArgumentException($"Max spans per sample must be at least 1 (got {MaxSpansPerSample}).");
    }
}
