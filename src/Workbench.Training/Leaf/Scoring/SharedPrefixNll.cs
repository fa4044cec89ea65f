using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Scoring;

/// <summary>
/// ℓ of <see cref="ResponseNll"/> for rows that are edits of other rows (their originals). An edited row repeats its original
/// up to the first token the edit changes, so each original goes through the model once, keeping every layer's keys and
/// values, and each edited row runs only from that token on, attending to its original's cached prefix. The response, which
/// ℓ measures, always lies in the part that runs. Exact up to float rounding. A model that cannot decode incrementally (or
/// <c>reuse: false</c>) runs every row in full through <see cref="ResponseNll.Of"/>. Holds the originals' keys and values
/// until disposed; a caller scores a chunk of samples at a time.
/// </summary>
/// <param name="rows">Every row that may be asked for.</param>
/// <param name="originOf">Per row, the index of its original in <paramref name="rows"/>; an original is its own.</param>
public sealed class SharedPrefixNll(ICausalLanguageModel model, IReadOnlyList<ArithmeticProblem> rows, IReadOnlyList<int> originOf,
                                    int padId, Device device, bool reuse = true, int batchSize = 64) : IDisposable
{
    private readonly IIncrementalDecoder? _decoder = reuse ? model as IIncrementalDecoder : null;
    private readonly Dictionary<int, long> _slotOf = [];             // original row -> its first slot in the stores
    private readonly Dictionary<int, double> _originalNll = [];      // ℓ of each original run so far
    private readonly List<(Tensor[] Keys, Tensor[] Values)> _chunks = [];   // per chunk of originals, per layer (rows·slots, nkv, hs)
    private (Tensor[] Keys, Tensor[] Values)? _joined;               // the chunks concatenated, rebuilt after a new chunk
    private long _slots;

    /// <summary>ℓ of each wanted row, and the tokens the model was run on (all of each original's, each edited row's suffix).</summary>
    public (double[] Nll, long ForwardedTokens) Of(IReadOnlyList<int> wanted)
    {
        if (_decoder is null)
            return (ResponseNll.Of(model, [.. wanted.Select(r => rows[r])], padId, device, batchSize), wanted.Sum(r => (long)rows[r].TokenIds.Length));
        var result = new double[rows.Count];
        long forwarded = 0;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            // Originals first (those asked for, and those an asked-for edit needs and that are not cached yet), then the edits.
            var originals = wanted.Where(r => originOf[r] == r).Concat(wanted.Select(r => originOf[r])).Distinct().Where(r => !_slotOf.ContainsKey(r)).ToArray();
            foreach (var chunk in originals.OrderBy(r => rows[r].TokenIds.Length).Chunk(batchSize)) forwarded += RunOriginals(chunk);
            var edits = wanted.Where(r => originOf[r] != r).Distinct().Select(r => (Row: r, Prefix: SharedPrefix(rows[r], rows[originOf[r]]))).ToArray();
            foreach (var chunk in SuffixBatches(edits)) forwarded += RunSuffixes(chunk, result);
        }
        finally
        {
            model.train(wasTraining);
        }
        return ([.. wanted.Select(r => originOf[r] == r ? _originalNll[r] : result[r])], forwarded);
    }

    /// <summary>
    /// The tokens an edited row can take from its original's cache: up to the first token that differs, and never the position
    /// whose logits predict the first response token (they must be computed for ℓ).
    /// </summary>
    public static int SharedPrefix(ArithmeticProblem edited, ArithmeticProblem original)
    {
        var (a, b) = (edited.TokenIds, original.TokenIds);
        var limit = Math.Min(Math.Min(a.Length, b.Length), edited.AnswerStart - 1);
        var p = 0;
        while (p < limit && a[p] == b[p]) p++;
        return p;
    }

    // Suffixes are shorter than whole rows: each batch holds as many tokens as batchSize whole rows would (the longest), not
    // batchSize rows, so the saving is not spent on more, smaller batches. Shortest suffixes first, so little padding.
    private IEnumerable<(int Row, int Prefix)[]> SuffixBatches((int Row, int Prefix)[] edits)
    {
        if (edits.Length == 0) yield break;
        var budget = (long)batchSize * edits.Max(e => rows[e.Row].TokenIds.Length);
        var batch = new List<(int Row, int Prefix)>();
        foreach (var edit in edits.OrderBy(e => rows[e.Row].TokenIds.Length - e.Prefix))
        {
            var suffix = rows[edit.Row].TokenIds.Length - edit.Prefix;                 // the longest so far
            if (batch.Count > 0 && (batch.Count + 1L) * suffix > budget)
            {
                yield return [.. batch];
                batch.Clear();
            }
            batch.Add(edit);
        }
        yield return [.. batch];
    }

    // Full forward of a chunk of originals, right-padded, keeping each layer's keys and values of their real slots.
    private long RunOriginals(int[] chunk)
    {
        using var scope = NewDisposeScope();
        using var batch = Batch.Collate([.. chunk.Select(r => rows[r])], padId, device);
        var (B, T) = (batch.InputIds.shape[0], batch.InputIds.shape[1]);
        var lengths = tensor(chunk.Select(r => (long)rows[r].TokenIds.Length).ToArray(), device: device);
        var real = arange(T, device: device).unsqueeze(0).lt(lengths.unsqueeze(1));                       // (B, T)
        using var cache = _decoder!.NewCache(B, T, device);
        var mean = ResponseNll.Mean(_decoder.ForwardCached(batch.InputIds, real, cache), batch.Labels);
        for (var b = 0; b < chunk.Length; b++)
        {
            _originalNll[chunk[b]] = mean[b];
            _slotOf[chunk[b]] = _slots + b * T;
        }
        // (B, nkv, T, hs) -> (B·T, nkv, hs): slot t of row b at b·T + t, so a prefix is one index_select away.
        Tensor Flat(Tensor kv) => kv.transpose(1, 2).reshape(B * T, kv.shape[1], kv.shape[3]).contiguous().DetachFromDisposeScope();
        var layers = Enumerable.Range(0, cache.LayerCount).Select(l => cache.Layer(l).Filled() ?? throw new InvalidOperationException("The forward wrote no keys.")).ToArray();
        _chunks.Add(([.. layers.Select(kv => Flat(kv.Keys))], [.. layers.Select(kv => Flat(kv.Values))]));
        DisposeJoined();
        _slots += B * T;
        return chunk.Sum(r => (long)rows[r].TokenIds.Length);
    }

    // Each edited row's suffix, right-padded, attending to its original's prefix (left-padded to the chunk's longest).
    private long RunSuffixes((int Row, int Prefix)[] chunk, double[] result)
    {
        using var scope = NewDisposeScope();
        var (B, P, S) = (chunk.Length, chunk.Max(e => e.Prefix), chunk.Max(e => rows[e.Row].TokenIds.Length - e.Prefix));
        var slots = new long[B * P];
        var realPrefix = new bool[B * P];
        var (ids, realSuffix, labels) = (new long[B * S], new bool[B * S], new long[B * S]);
        Array.Fill(ids, padId);
        Array.Fill(labels, Batch.IgnoreIndex);
        for (var b = 0; b < B; b++)
        {
            var (row, p) = chunk[b];
            var pad = P - p;
            for (var j = pad; j < P; j++) (slots[b * P + j], realPrefix[b * P + j]) = (_slotOf[originOf[row]] + j - pad, true);
            var tokens = rows[row].TokenIds;
            for (var t = p; t < tokens.Length; t++) (ids[b * S + t - p], realSuffix[b * S + t - p]) = (tokens[t], true);
            // As Batch.Collate: the logits at t predict token t + 1, labelled from the last prompt token on.
            for (var t = rows[row].AnswerStart - 1; t < tokens.Length - 1; t++) labels[b * S + t - p] = tokens[t + 1];
        }
        var joined = Joined();
        var index = tensor(slots, device: device);
        Tensor Prefix(Tensor flat) => flat.index_select(0, index).view(B, P, flat.shape[1], flat.shape[2]).transpose(1, 2);  // (B, nkv, P, hs)
        using var cache = KeyValueCache.Seeded([.. joined.Keys.Select(Prefix)], [.. joined.Values.Select(Prefix)], tensor(realPrefix, [B, P], device: device), S);
        var logits = _decoder!.ForwardCached(tensor(ids, [B, S], device: device), tensor(realSuffix, [B, S], device: device), cache);
        var mean = ResponseNll.Mean(logits, tensor(labels, [B, S], device: device));
        for (var b = 0; b < B; b++) result[chunk[b].Row] = mean[b];
        return chunk.Sum(e => (long)rows[e.Row].TokenIds.Length - e.Prefix);
    }

    private (Tensor[] Keys, Tensor[] Values) Joined()
    {
        if (_joined is { } joined) return joined;
        if (_chunks.Count == 1) return _chunks[0];
        var layers = _chunks[0].Keys.Length;
        Tensor Cat(Func<(Tensor[] Keys, Tensor[] Values), Tensor[]> part, int l) => cat([.. _chunks.Select(c => part(c)[l])], 0).DetachFromDisposeScope();
        _joined = ([.. Enumerable.Range(0, layers).Select(l => Cat(c => c.Keys, l))], [.. Enumerable.Range(0, layers).Select(l => Cat(c => c.Values, l))]);
        return _joined.Value;
    }

    private void DisposeJoined()
    {
        if (_joined is not { } joined) return;
        foreach (var t in joined.Keys.Concat(joined.Values)) t.Dispose();
        _joined = null;
    }

    public void Dispose()
    {
        DisposeJoined();
        foreach (var (keys, values) in _chunks)
            foreach (var t in keys.Concat(values)) t.Dispose();
        _chunks.Clear();
    }
}
