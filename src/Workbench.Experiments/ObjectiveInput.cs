namespace Workbench.Experiments;

/// <summary>What an objective kind reads of the two models.</summary>
public enum ObjectiveInput
{
    /// <summary>Logits at the same positions over the same vocabulary (or the student's alone, for cross-entropy).</summary>
    Logits,
    /// <summary>
    /// Logits of each model over its own tokenization of the same text, paired by the character spans of the target tokens
    /// (docs/objectives-cross-tokenizer.md): works when teacher and student use different tokenizers.
    /// </summary>
    AlignedLogits,
    /// <summary>Intermediate features (attention, values, hidden states) of paired layers.</summary>
    Features,
}
