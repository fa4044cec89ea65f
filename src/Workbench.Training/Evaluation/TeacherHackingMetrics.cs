using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Models.Generation;
using Workbench.Training.Trainer.Generated;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Evaluation;

/// <summary>
/// The diagnostics of "On Teacher Hacking in Language Model Distillation" (Tiapkin et al. 2025), on the student's own samples
/// for evaluation prompts: the proxy KL(teacher ‖ student) the distillation optimises, the golden KL(oracle ‖ student) against
/// the ground truth the teacher approximates, and the oracle's negative log-likelihood of the samples. Teacher hacking is the
/// proxy still falling while the golden metrics rise. Each is a token mean over the sampled completion positions.
/// </summary>
public static class TeacherHackingMetrics
{
    public sealed record Result(double ProxyKl, double GoldenKl, double OracleNll, int Tokens);

    public const string ProxyKl = Workbench.Experiments.TeacherHacking.TeacherHackingMetricNames.ProxyKl;
    public const string GoldenKl = Workbench.Experiments.TeacherHacking.TeacherHackingMetricNames.GoldenKl;
    public const string OracleNll = Workbench.Experiments.TeacherHacking.TeacherHackingMetricNames.OracleNll;

    /// <summary>Samples one completion per prompt from <paramref name="student"/> (settings of <paramref name="data"/>, seeded), then scores them. No gradients.</summary>
    public static Result Measure(ICausalLanguageModel student, ICausalLanguageModel teacher, ICausalLanguageModel oracle,
                                 IReadOnlyList<ArithmeticProblem> prompts, DataConfig data, long seed, IRunTokenizer tokenizer, Device device)
    {
        using var _ = no_grad();
        var samples = Completions.Generate(student, prompts, data, Completions.Sampling(data, seed), tokenizer, device);
        using var batch = Batch.Collate(samples, tokenizer.PadId, device);
        var wasTraining = student.training;
        student.eval();
        try
        {
            using var scope = NewDisposeScope();
            var positions = batch.Labels.ne(Batch.IgnoreIndex);                                       // (B, T): completion tokens to predict
            var n = positions.sum().item<long>();
            var logS = log_softmax(student.call(batch.InputIds), -1);                                // (B, T, V)
            var logT = log_softmax(teacher.call(batch.InputIds), -1);
            var logO = log_softmax(oracle.call(batch.InputIds), -1);
            double Kl(Tensor logP) => (logP.exp() * (logP - logS)).sum(-1).masked_select(positions).sum().item<float>() / Math.Max(1, n);
            var targets = batch.Labels.clamp_min(0).unsqueeze(-1);                                    // (B, T, 1)
            var nll = -logO.gather(-1, targets).squeeze(-1).masked_select(positions).sum().item<float>() / Math.Max(1, n);
            return new Result(Kl(logT), Kl(logO), nll, (int)n);
        }
        finally
        {
            if (wasTraining) student.train();
        }
    }

    /// <summary>The three values as metric points at <paramref name="step"/>.</summary>
    public static IEnumerable<MetricPoint> Points(Result result, long step)
    {
        var now = DateTime.UtcNow;
        yield return new MetricPoint(ProxyKl, step, result.ProxyKl, now);
        yield return new MetricPoint(GoldenKl, step, result.GoldenKl, now);
        yield return new MetricPoint(OracleNll, step, result.OracleNll, now);
    }
}
