using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// Batched greedy decoding for prompts of different lengths, recomputing the whole sequence for every new token (the
/// decoder before <see cref="Generation.CachedDecoder"/>; kept as its reference and for models without a cache). Prompts are right-padded, and each row reads the
/// logits at its own last position: causal attention means the padding after it cannot change them, so no
/// attention mask and no left padding (which would shift the learned positions) are needed.
/// </summary>
public static class RecomputingDecoder
{
    /// <summary>
    /// Appends the most likely token to each prompt until it produces <paramref name="eosId"/>, reaches
    /// <paramref name="maxNewTokens"/> or fills the context. Returns the generated ids of each prompt,
    /// including the &lt;eos&gt; when one was produced. Runs under no_grad; the caller sets eval mode.
    /// </summary>
    public static IReadOnlyList<int[]> Generate(ICausalLanguageModel model, IReadOnlyList<int[]> prompts, int maxNewTokens, int eosId, int padId, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1);
        var B = prompts.Count;
        var outputs = Enumerable.Range(0, B).Select(_ => new List<int>()).ToArray();
        if (B == 0) return [];
        if (prompts.Any(p => p.Length == 0)) throw new ArgumentException("Every prompt needs at least one token.", nameof(prompts));
        var capacity = Math.Min(model.ContextLength, prompts.Max(p => p.Length) + maxNewTokens);
        if (prompts.Max(p => p.Length) > capacity) throw new ArgumentException($"A prompt is longer than the context ({model.ContextLength}).", nameof(prompts));

        var lengths = prompts.Select(p => p.Length).ToArray();
        var tokens = new long[B, capacity];
        for (var b = 0; b < B; b++)
            for (var t = 0; t < capacity; t++) tokens[b, t] = t < prompts[b].Length ? prompts[b][t] : padId;
        var done = new bool[B];

        using var _ = no_grad();
        for (var step = 0; step < maxNewTokens && done.Contains(false); step++)
        {
            using var scope = NewDisposeScope();
            var T = lengths.Max();
            var ids = new long[B * T];
            for (var b = 0; b < B; b++)
                for (var t = 0; t < T; t++) ids[b * T + t] = tokens[b, t];
            var idx = tensor(ids, [B, T], dtype: ScalarType.Int64, device: device);              // (B, T)
            var logits = model.call(idx);                                                        // (B, T, V)
            var rows = arange(B, dtype: ScalarType.Int64, device: device);                       // (B)
            var last = tensor(lengths.Select(l => (long)(l - 1)).ToArray(), dtype: ScalarType.Int64, device: device); // (B)
            var next = logits.index([rows, last]).argmax(1).cpu().data<long>().ToArray();        // (B)
            for (var b = 0; b < B; b++)
            {
                if (done[b]) continue;
                var token = (int)next[b];
                outputs[b].Add(token);
                if (token == eosId || lengths[b] == capacity) done[b] = true;
                else tokens[b, lengths[b]++] = token;
            }
        }
        return [.. outputs.Select(o => o.ToArray())];
    }
}
