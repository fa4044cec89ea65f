using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// Attention snapshots of a few fixed probe samples (the same ones at every eval), for the attention view: every layer and
/// head of the whole sequence, as half-precision bytes.
/// </summary>
public sealed class ProbeAttention(IReadOnlyList<ArithmeticProblem> probes, IRunTokenizer tokenizer, Device device)
{
    public IReadOnlyList<AttentionSnapshot> Capture(ICausalLanguageModel model, string modelName, long step)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            return [.. probes.Select((probe, i) => Snapshot(model, modelName, step, probe, i))];
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private AttentionSnapshot Snapshot(ICausalLanguageModel model, string modelName, long step, ArithmeticProblem probe, int index)
    {
        using var scope = NewDisposeScope();
        var ids = tensor(probe.TokenIds.Select(id => (long)id).ToArray(), [1, probe.TokenIds.Length], device: device);
        using var capture = model.ForwardWithAttention(ids);
        var all = cat([.. capture.Probabilities.Select(p => p[0])], 0).to(ScalarType.Float32).cpu();   // (L·nh, T, T)
        var values = all.data<float>().ToArray();

        // Character offsets only for prompt tokens (position 1 …); specials and the answer get −1 so they never mark as gold.
        var layout = PromptLayout.Of(probe);
        var T = probe.TokenIds.Length;
        int[] starts = [.. Enumerable.Repeat(-1, T)], ends = [.. Enumerable.Repeat(-1, T)];
        for (var i = 0; i < layout.Offsets.Length; i++)
            (starts[i + probe.PromptStart], ends[i + probe.PromptStart]) = (layout.Offsets[i].Start, layout.Offsets[i].End);
        return new AttentionSnapshot(
            step, index, modelName, model.LayerCount, (int)capture.Probabilities[0].shape[1],
            [.. probe.TokenIds.Select(id => tokenizer.Decode([id]))], starts, ends,
            [.. (probe.ConfounderSpans ?? []).Select(g => new[] { g.Start, g.End })],
            AttentionSnapshot.Encode(values));
    }
}
