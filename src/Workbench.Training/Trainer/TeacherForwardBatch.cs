namespace Workbench.Training.Trainer;

/// <summary>
/// How many tokens one frozen-teacher forward takes when a teacher-logit store or a top-k cache is built: one forward's
/// (B, T, V) fp32 logits, and each (N, V) copy the top-k selection makes of them, stay under 32 MB. At a fixed 4,096 tokens,
/// Qwen2's V = 151,936 took 2.5 GB a copy; on the benchmark's V = 8,192 the bound gives 1,024 tokens (B 8 × T 128), which
/// also built the store 6–7 % faster than 4,096 on one CPU thread (README, "Speed and memory against PyTorch eager").
/// </summary>
internal static class TeacherForwardBatch
{
    private const long LogitBytes = 32L << 20;
    private const int MaxTokens = 4096;

    /// <summary>Tokens a forward takes at vocabulary <paramref name="vocabSize"/>; callers still take at least one sequence.</summary>
    public static int Tokens(long vocabSize) => (int)Math.Clamp(LogitBytes / (sizeof(float) * vocabSize), 1, MaxTokens);

    /// <summary>Sequences a forward takes when the longest of them has <paramref name="longest"/> tokens.</summary>
    public static int Sequences(long vocabSize, int longest) => Math.Max(1, Tokens(vocabSize) / Math.Max(1, longest));
}
