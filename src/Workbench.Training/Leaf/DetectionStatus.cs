namespace Workbench.Training.Leaf;

/// <summary>Outcome of <see cref="ConfounderDetector.Detect"/> for one sample (spec §2.3, §7.6, §7.10).</summary>
public enum DetectionStatus
{
    /// <summary>Flags and spans were derived.</summary>
    Ok,

    /// <summary>A min-max range (teacher, student or δ) is 0: nothing to compare, the sample is not pruned.</summary>
    Flat,

    /// <summary>Fewer than 2 scored tokens.</summary>
    TooShort,

    /// <summary>A raw norm is NaN or infinite (e.g. an overflow): the sample failed, the run goes on.</summary>
    NonFinite,
}
