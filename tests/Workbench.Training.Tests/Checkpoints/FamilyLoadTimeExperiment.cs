using System.Diagnostics;
using Workbench.Training.Checkpoints;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using Xunit.Abstractions;

namespace Workbench.Training.Tests.Checkpoints;

/// <summary>
/// The README's load times: per family, the tiny test folder and a ~100M-parameter random folder (C 768, 12 layers, 12 heads
/// of 64, 4 kv heads, FFN 2048, vocabulary 32,000, tied, fp32), each loaded three times; the best time is reported.
/// </summary>
public sealed class FamilyLoadTimeExperiment(ITestOutputHelper output) : TorchTest
{
    [ExperimentFact]
    public void Experiment_LoadTimes_TinyAndHundredMillionFolders()
    {
        output.WriteLine("| family | tiny parameters | tiny load (ms) | ~100M parameters | ~100M folder (MB) | ~100M load (ms) |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var modelType in TinyFamilies.ModelTypes.Select(row => (string)row[0]))
        {
            using var tinyDir = new TempDirectory();
            using (var tiny = TinyFamilies.RandomModel(TinyFamilies.Config(modelType))) HuggingFaceCheckpoint.Save(tiny, tinyDir.Path);
            var (tinyParameters, tinyMs) = BestLoad(tinyDir.Path);

            using var bigDir = new TempDirectory();
            var big = TinyFamilies.Config(modelType) with
            {
                VocabSize = 32_000, HiddenSize = 768, IntermediateSize = 2048, NumHiddenLayers = 12, NumAttentionHeads = 12, NumKeyValueHeads = 4,
                HeadDim = 64, TieWordEmbeddings = true, MaxPositionEmbeddings = 4096, QueryPreAttnScalar = modelType.StartsWith("gemma") ? 64 : null,
                SlidingWindowPattern = modelType == LlamaConfig.Gemma3 ? 6 : null, SlidingWindow = modelType is LlamaConfig.Llama or LlamaConfig.Qwen2 or LlamaConfig.Qwen3 ? null : 512,
            };
            if (big.RopeScaling?.RopeType == RopeScaling.LongRope)
                big = big with { RopeScaling = big.RopeScaling with { ShortFactor = new ValueList<double>(Enumerable.Repeat(1.0, 32)), LongFactor = new ValueList<double>(Enumerable.Repeat(2.0, 32)) } };
            using (var model = new LlamaForCausalLM(big)) HuggingFaceCheckpoint.Save(model, bigDir.Path);
            var megabytes = new FileInfo(bigDir.File("model.safetensors")).Length / 1e6;
            var (bigParameters, bigMs) = BestLoad(bigDir.Path);
            output.WriteLine($"| {modelType} | {tinyParameters:N0} | {tinyMs:F1} | {bigParameters:N0} | {megabytes:F0} | {bigMs:F0} |");
        }
    }

    private static (long Parameters, double Milliseconds) BestLoad(string folder)
    {
        var best = double.MaxValue;
        long parameters = 0;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            using var model = HuggingFaceCheckpoint.Load(folder);
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            parameters = model.ParameterCount();
        }
        return (parameters, best);
    }
}
