using static TorchSharp.torch;

namespace Workbench.Training.Models.Generation;

/// <summary>
/// Batched decoding with a <see cref="KeyValueCache"/>: the prompts, left-padded to one length, go through the model once;
/// then every step feeds one token per row. Rows keep their own positions (padding does not count) and never attend to
/// padding, so each row decodes exactly as it would alone. A row stops at &lt;eos&gt;, after
/// <c>maxNewTokens</c>, or when it fills the context.
/// </summary>
public static class CachedDecoder
{
    /// <summary>Runs under no_grad; the caller sets eval mode. <paramref name="keepLogits"/> returns each new token's logits too.</summary>
    public static GeneratedTokens Generate(IIncrementalDecoder model, IReadOnlyList<int[]> prompts, int maxNewTokens, int eosId, int padId,
                                           SamplingSettings? sampling = null, Device? device = null, bool keepLogits = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1);
        sampling ??= SamplingSettings.Greedy;
        sampling.Validate();
        var B = prompts.Count;
        if (B == 0) return new([], keepLogits ? [] : null);
        if (prompts.Any(p => p.Length == 0)) throw new ArgumentException("Every prompt needs at least one token.", nameof(prompts));
        var longest = prompts.Max(p => p.Length);
        if (longest > model.ContextLength) throw new ArgumentException($"A prompt is longer than the context ({model.ContextLength}).", nameof(prompts));
        var rowLimit = Math.Min(model.ContextLength, longest + maxNewTokens);   // a row of this length takes no more tokens (as GreedyDecoder)

        var outputs = Enumerable.Range(0, B).Select(_ => new List<int>()).ToArray();
        var logitRows = keepLogits ? Enumerable.Range(0, B).Select(_ => new List<float[]>()).ToArray() : null;
        var lengths = prompts.Select(p => p.Length).ToArray();
        var done = new bool[B];

        using var _ = no_grad();
        using var generator = sampling.IsGreedy ? null : new Generator((ulong)sampling.Seed);
        using var cache = model.NewCache(B, longest + maxNewTokens - 1, device);
        var (ids, real) = LeftPadded(prompts, longest, padId);
        var T = (long)longest;
        for (var step = 0; step < maxNewTokens; step++)
        {
            using var scope = NewDisposeScope();
            var idx = tensor(ids, [B, T], dtype: ScalarType.Int64, device: device);           // (B, T)
            var isReal = tensor(real, [B, T], device: device);                                   // (B, T)
            var logits = model.ForwardCached(idx, isReal, cache);                               // (B, T, V)
            var last = logits.select(1, -1);                                                     // (B, V): every row ends at the last column
            var next = TokenSampler.Next(last, sampling, generator).cpu().data<long>().ToArray(); // (B)
            float[]? lastLogits = keepLogits ? last.to(ScalarType.Float32).cpu().data<float>().ToArray() : null;
            var V = (int)last.shape[1];
            for (var b = 0; b < B; b++)
            {
                if (done[b]) continue;
                var token = (int)next[b];
                outputs[b].Add(token);
                logitRows?[b].Add(lastLogits![(b * V)..((b + 1) * V)]);
                if (token == eosId || lengths[b] == rowLimit) done[b] = true;
                else lengths[b]++;
            }
            if (!done.Contains(false) || step == maxNewTokens - 1) break;
            ids = [.. next.Select((t, b) => done[b] ? padId : t)];
            real = [.. done.Select(d => !d)];
            T = 1;
        }
        return new([.. outputs.Select(o => o.ToArray())], logitRows is null ? null : [.. logitRows.Select(r => r.ToArray())]);
    }

    // prompts -> ids, real: (B·T) row-major, each prompt at the right end of its row
    private static (long[] Ids, bool[] Real) LeftPadded(IReadOnlyList<int[]> prompts, int T, int padId)
    {
        var ids = new long[prompts.Count * T];
        var real = new bool[prompts.Count * T];
        for (var b = 0; b < prompts.Count; b++)
        {
            var pad = T - prompts[b].Length;
            for (var t = 0; t < T; t++)
            {
                ids[b * T + t] = t < pad ? padId : prompts[b][t - pad];
                real[b * T + t] = t >= pad;
            }
        }
        return (ids, real);
    }
}
