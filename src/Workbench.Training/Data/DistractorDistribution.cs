namespace Workbench.Training.Data;

/// <summary>How a split chooses its distractor number given the answer.</summary>
internal enum DistractorDistribution
{
    /// <summary>Uniform over the possible answers (1..18), whatever the answer is.</summary>
    Independent,
    /// <summary>The answer itself with the shortcut probability, else a different number uniform over 1..18.</summary>
    Shortcut,
    /// <summary>A near miss: answer ± 1 or ± 2, never the answer, never below 1.</summary>
    NearMiss,
}
