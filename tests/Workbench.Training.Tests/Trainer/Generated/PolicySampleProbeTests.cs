using Workbench.Experiments.OnPolicy;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer.Generated;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Tests.Trainer.Generated;

public sealed class PolicySampleProbeTests : TorchTest
{
    private static readonly WordTokenizer s_tokenizer = WordTokenizer.ForArithmetic();

    // Problems of different lengths with made-up completions (the batch pads them), like the student's samples.
    private static ArithmeticProblem[] Sampled()
    {
        var train = ArithmeticProblems.Generate(seed: 3, trainCount: 6, evalCount: 0).Train;
        int[][] completions = [[5, 6, 7, s_tokenizer.EosId], [8], [9, 10, 11, 12, 13, 14], [5, 5], [6, s_tokenizer.EosId]];
        return [.. completions.Select((c, i) => Completions.WithCompletion(train[i], c))];
    }

    [Fact]
    public void Offer_TokensCarryTheTeachersLogProbOfEachCompletionToken_FromAForwardOfTheRowAlone()
    {
        using var teacher = new Gpt(new GptConfig(1, 2, 16, 64, s_tokenizer.VocabSize), new Generator(5));
        teacher.eval();
        var reporter = new RecordingReporter();
        var sampled = Sampled();
        new PolicySampleProbe(teacher, s_tokenizer, CPU, reporter, TimeSpan.Zero).Offer(7, sampled, onPolicyBatches: 3, batches: 5);

        var report = Assert.Single(reporter.StudentSampleReports);
        Assert.Equal((7L, 3L, 5L, 0.6), (report.Step, report.OnPolicyBatches, report.Batches, report.OnPolicyShare));
        Assert.Equal(PolicySamples.MaxSamples, report.Samples.Length);   // 5 sampled, 4 shown
        for (var b = 0; b < report.Samples.Length; b++)
        {
            var problem = sampled[b];
            Assert.Equal(problem.Prompt, report.Samples[b].Prompt);
            using var _ = no_grad();
            using var ids = tensor(problem.TokenIds.Select(t => (long)t).ToArray(), [1, problem.TokenIds.Length], dtype: ScalarType.Int64);
            using var logp = log_softmax(teacher.call(ids), -1);                                      // (1, T, V)
            var completion = problem.TokenIds[problem.AnswerStart..];
            Assert.Equal(completion.Length, report.Samples[b].Tokens.Length);
            for (var i = 0; i < completion.Length; i++)
            {
                var token = report.Samples[b].Tokens[i];
                Assert.Equal(s_tokenizer.Decode([completion[i]]), token.Text);
                var expected = logp[0, problem.AnswerStart + i - 1, completion[i]].item<float>();    // logits at t − 1 predict token t
                Assert.Equal(expected, token.TeacherLogProb!.Value, 1e-5);
            }
        }
    }

    [Fact]
    public void Offer_WithinTheInterval_ReportsOnlyTheFirst_WithoutTeacher_TokensHaveNoScore()
    {
        var reporter = new RecordingReporter();
        var probe = new PolicySampleProbe(null, s_tokenizer, CPU, reporter, TimeSpan.FromHours(1));
        probe.Offer(1, Sampled(), 1, 1);
        probe.Offer(2, Sampled(), 2, 2);
        var report = Assert.Single(reporter.StudentSampleReports);
        Assert.Equal(1, report.Step);
        Assert.All(report.Samples.SelectMany(s => s.Tokens), t => Assert.Null(t.TeacherLogProb));
    }

    [Fact]
    public void Bounded_CutsSamplesTokensAndTexts_AndDropsImpossibleScores()
    {
        var tokens = Enumerable.Range(0, 300).Select(i => new PolicyToken(new string('x', 100), i % 3 == 0 ? double.NaN : i % 3 == 1 ? 2.0 : -1.5)).ToArray();
        var samples = new PolicySamples(-4, 3, 2, [.. Enumerable.Range(0, 6).Select(_ => new PolicySample(new string('p', 5000), tokens))]).Bounded();
        Assert.Equal(0, samples.Step);
        Assert.Equal(1.0, samples.OnPolicyShare);   // 3 of 2 is clamped
        Assert.Equal(PolicySamples.MaxSamples, samples.Samples.Length);
        Assert.All(samples.Samples, s =>
        {
            Assert.Equal(PolicySamples.MaxTextLength, s.Prompt.Length);
            Assert.Equal(PolicySamples.MaxTokens, s.Tokens.Length);
            Assert.Equal([null, 0.0, -1.5], s.Tokens.Take(3).Select(t => t.TeacherLogProb));
            Assert.All(s.Tokens, t => Assert.Equal(64, t.Text.Length));
        });
    }
}
