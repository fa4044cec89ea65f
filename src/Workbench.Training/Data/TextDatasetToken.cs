namespace Workbench.Training.Data;

/// <summary>One pre-tokenized word or punctuation mark and where it sits in its text (UTF-16 offsets, end exclusive).</summary>
public readonly record struct TextDatasetToken(string Text, int Start, int End);
