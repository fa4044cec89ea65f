namespace Workbench.Training.Objectives;

/// <summary>The skew α of objectives.md §1.6 must lie in [0, 1): at α = 1 the mixture is the distribution itself.</summary>
internal static class SkewGuard
{
    public static void Check(double alpha)
    {
        if (!(alpha is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Skew α must be at least 0 and below 1.");
    }
}
