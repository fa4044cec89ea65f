using Workbench.Training.Checkpoints;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Models.Llama.Reference;
using Workbench.Training.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models.Llama;

/// <summary>
/// Each family's tiny random folder, loaded by the project, against <see cref="ReferenceForward"/>: a double-precision
/// transcription of transformers' forward that reads the same folder by hand.
/// </summary>
public sealed class FamilyExactnessTests(ITestOutputHelper output) : TorchTest
{
    private const double Tolerance = 1e-5;

    [Theory]
    [MemberData(nameof(TinyFamilies.ModelTypes), MemberType = typeof(TinyFamilies))]
    public void Forward_TinyRandomFolder_MatchesTheTranscribedReference(string modelType)
    {
        using var dir = new TempDirectory();
        using (var model = TinyFamilies.RandomModel(TinyFamilies.Config(modelType)))
            HuggingFaceCheckpoint.Save(model, dir.Path);

        using var loaded = HuggingFaceCheckpoint.Load(dir.Path);
        loaded.eval();
        var reference = new ReferenceForward(new ReferenceFolder(dir.Path));
        // 12 tokens: past every sliding window; Phi-3 also at 20, past its original context of 16, where LongRoPE switches factors.
        long[] lengths = modelType == LlamaConfig.Phi3 ? [12, 20] : [12];
        var worst = 0.0;
        foreach (var T in lengths)
        {
            using var ids = TinyFamilies.Ids(2, T);
            using var _ = no_grad();
            using var logits = loaded.call(ids);                                             // (B, T, V)
            for (var b = 0; b < 2; b++)
            {
                var expected = reference.Logits(ids[b].data<long>().ToArray());
                var actual = logits[b].data<float>().ToArray();
                for (var t = 0; t < T; t++)
                    for (var v = 0; v < TinyFamilies.Vocab; v++)
                        worst = Math.Max(worst, Math.Abs(actual[t * TinyFamilies.Vocab + v] - expected[t][v]));
                Assert.True(expected.SelectMany(r => r).Max(Math.Abs) > 0.5, "logits too small for the comparison to mean anything");
            }
        }
        output.WriteLine($"{modelType}: max |logit − reference| = {worst:E2}, parameters {loaded.ParameterCount()}");
        Assert.True(worst < Tolerance, $"{modelType}: max logits error {worst:E2}");
    }
}
