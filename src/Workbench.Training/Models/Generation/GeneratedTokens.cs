namespace Workbench.Training.Models.Generation;

/// <summary>
/// What a decoder produced for each prompt: the new ids (with the &lt;eos&gt; when one was produced) and, when asked for,
/// the logits each of them was chosen from (one V-vector per new token).
/// </summary>
public sealed record GeneratedTokens(IReadOnlyList<int[]> Tokens, IReadOnlyList<float[][]>? Logits);
