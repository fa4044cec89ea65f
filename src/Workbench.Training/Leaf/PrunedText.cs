using Workbench.Experiments;

namespace Workbench.Training.Leaf;

/// <summary>A text with one span deleted, and the character range of the original text that was removed.</summary>
public sealed record PrunedText(string Text, CharSpan Removed);
