using TorchSharp;
using System.Diagnostics;
using Workbench.Training.Leaf;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Leaf;

public sealed class InputSaliencyTests(ITestOutputHelper output) : TorchTest
{
    private const int Vocab = 24;

    private static Gpt TinyGpt(int width = 32, int context = 32, ulong seed = 1)
    {
        using var generator = new Generator(seed);
        return new Gpt(new GptConfig(Layers: 2, Heads: 2, Width: width, Context: context, VocabSize: Vocab), generator);
    }

    private static SaliencyRequest Request(int length, int seed, int vocab = Vocab)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, length).Select(_ => random.Next(vocab)).ToArray();
        var responseStart = length * 2 / 3;
        return new SaliencyRequest(ids, ScoredStart: 1, ScoredLength: responseStart - 2, ResponseStart: responseStart);
    }

    public static TheoryData<string> Models => ["gpt", "llama"];

    private static ICausalLanguageModel Create(string kind) => kind == "gpt" ? TinyGpt() : TinyLlama.Model(TinyLlama.Config());

    [Theory]
    [MemberData(nameof(Models))]
    public void Compute_RightPaddedBatches_EqualOneByOne(string kind)
    {
        using var model = Create(kind);
        SaliencyRequest[] requests = [Request(9, 1), Request(17, 2), Request(12, 3), Request(9, 4), Request(20, 5)];

        var batched = InputSaliency.Compute(model, requests, CPU, batchSize: 3);
        var single = InputSaliency.Compute(model, requests, CPU, batchSize: 1);

        for (var r = 0; r < requests.Length; r++)
        {
            Assert.NotNull(batched[r]);
            Assert.Equal(requests[r].ScoredLength, batched[r]!.Length);
            for (var i = 0; i < batched[r]!.Length; i++)
                Assert.Equal(single[r]![i], batched[r]![i], 1e-5);
        }
        Assert.Contains(batched.SelectMany(g => g!), g => g > 1e-4);
    }

    [Fact]
    public void Compute_LastToken_HasZeroGradientButPromptTokensDoNot()
    {
        // Causal model: the last token's embedding feeds only the logits after the sequence, which no loss reads.
        using var model = TinyGpt();
        var ids = Request(12, 9).TokenIds;
        var norms = InputSaliency.Compute(model, [new SaliencyRequest(ids, 0, ids.Length, ResponseStart: 8)], CPU)[0]!;
        Assert.Equal(0, norms[^1]);
        Assert.All(norms[..8], g => Assert.True(g > 0, $"A prompt token has saliency {g}."));
    }

    [Fact]
    public void Compute_OneEntry_MatchesFiniteDifferenceOfTheLossInFp64()
    {
        using var model = TinyGpt(width: 16);
        model.to(ScalarType.Float64);
        var request = Request(10, 4);
        const int position = 3;                                        // scored index 2 = sequence position 3
        var norms = InputSaliency.Compute(model, [request], CPU)[0]!;

        using var idx = tensor(request.TokenIds.Select(i => (long)i).ToArray(), [1, request.TokenIds.Length]);
        using var targets = tensor(request.TokenIds[request.ResponseStart..].Select(i => (long)i).ToArray());
        using var _ = no_grad();
        using var embeddings = model.Embed(idx);
        double Loss(int channel, double h)
        {
            using var scope = NewDisposeScope();
            var moved = embeddings.clone();
            moved[0, position, channel] += h;
            var logits = model.ForwardFromEmbeddings(moved)[0, (request.ResponseStart - 1)..^1];
            return nn.functional.cross_entropy(logits, targets).item<double>();
        }

        const double h = 1e-5;
        var gradient = Enumerable.Range(0, 16).Select(c => (Loss(c, h) - Loss(c, -h)) / (2 * h)).ToArray();
        var expected = Math.Sqrt(gradient.Sum(g => g * g));
        Assert.Equal(expected, norms[position - request.ScoredStart], 1e-7);
        Assert.True(expected > 1e-4);
    }

    [Fact]
    public void Compute_TrainingModelWithGrads_RestoresModeAndRequiresGrad()
    {
        using var model = TinyGpt();
        model.train();
        InputSaliency.Compute(model, [Request(10, 1)], CPU);
        Assert.True(model.training);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.All(model.parameters(), p => Assert.Null(p.grad));        // only the embedding leaf got a gradient
    }

    [Fact]
    public void Compute_ModelProducingNaN_ReportsFailedRowsWithoutThrowing()
    {
        using var model = TinyGpt();
        using (no_grad())
            foreach (var (name, p) in model.named_parameters())
                if (name == "lm_head.weight") p.fill_(double.NaN);
        var norms = InputSaliency.Compute(model, [Request(10, 1), Request(12, 2)], CPU);
        Assert.All(norms, Assert.Null);
    }

    [Fact]
    public void Compute_RepeatedCalls_LeaveNoLiveTensors()
    {
        using var model = TinyGpt();
        SaliencyRequest[] requests = [Request(9, 1), Request(14, 2), Request(11, 3)];
        InputSaliency.Compute(model, requests, CPU);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        InputSaliency.Compute(model, requests, CPU, batchSize: 2);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Compute_ResponseStartAtZero_Throws()
    {
        using var model = TinyGpt();
        Assert.Throws<ArgumentException>(() => InputSaliency.Compute(model, [new SaliencyRequest([1, 2, 3], 0, 2, 0)], CPU));
    }

    // A measurement, not a check: it runs with the other experiments (WORKBENCH_EXPERIMENTS=1), not in CI.
    [ExperimentFact]
    public void Compute_Gpt4x128At40Tokens_ReportsMillisecondsPerSample()
    {
        const int vocab = 300;
        using var generator = new Generator(3);
        using var model = new Gpt(new GptConfig(Layers: 4, Heads: 4, Width: 128, Context: 64, VocabSize: vocab), generator);
        var requests = Enumerable.Range(0, 64).Select(i => Request(36 + i % 9, i, vocab)).ToArray();   // 36–44 tokens
        InputSaliency.Compute(model, requests[..32], CPU);                                              // warm-up

        var watch = Stopwatch.StartNew();
        var norms = InputSaliency.Compute(model, requests, CPU, batchSize: 32);
        watch.Stop();

        Assert.All(norms, Assert.NotNull);
        output.WriteLine($"Saliency, Gpt 4×128, ~40 tokens, batch 32, 1 thread: {watch.Elapsed.TotalMilliseconds / requests.Length:F2} ms per sample");

        watch.Restart();
        InputSaliency.Compute(model, requests, CPU, batchSize: 1);
        output.WriteLine($"Same at batch 1: {watch.Elapsed.TotalMilliseconds / requests.Length:F2} ms per sample");
    }
}
