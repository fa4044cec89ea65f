using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Evaluation;

/// <summary>
/// The teacher-hacking diagnostics of a run with an oracle, at every evaluation: on the first <see cref="MaxPrompts"/> prompts of
/// the eval split, the student samples one completion each (temperature 1, the run's top-p and max new tokens, the same seed at
/// every evaluation so the draws differ only because the student does) and answers greedily; <see cref="TeacherHackingMetrics"/>
/// scores both: proxy KL(teacher ‖ student), golden KL(oracle ‖ student) and the oracle's NLL of the completions.
/// </summary>
public sealed class OracleEvaluation(ICausalLanguageModel oracle, IReadOnlyList<ArithmeticProblem> evalSplit, RunConfig config, IRunTokenizer tokenizer, Device device)
{
    public const int MaxPrompts = 128;

    /// <summary>The oracle's NLL of the student's greedy completions (token mean).</summary>
    public const string OracleNllGreedy = Workbench.Experiments.TeacherHacking.TeacherHackingMetricNames.OracleNllGreedy;
    /// <summary>Golden KL(oracle ‖ student) on the student's greedy completions.</summary>
    public const string GoldenKlGreedy = Workbench.Experiments.TeacherHacking.TeacherHackingMetricNames.GoldenKlGreedy;

    private readonly IReadOnlyList<ArithmeticProblem> _prompts = [.. evalSplit.Take(MaxPrompts)];
    private readonly DataConfig _sampled = (config.Data ?? new DataConfig()) with { Temperature = 1.0 };
    private readonly DataConfig _greedy = (config.Data ?? new DataConfig()) with { Temperature = 0 };

    /// <summary>Measures <paramref name="student"/> against <paramref name="teacher"/> and the oracle and adds the metrics of <paramref name="step"/>.</summary>
    public IReadOnlyList<MetricPoint> Measure(ICausalLanguageModel student, ICausalLanguageModel teacher, long step)
    {
        var sampled = TeacherHackingMetrics.Measure(student, teacher, oracle, _prompts, _sampled, config.Seed, tokenizer, device);
        var greedy = TeacherHackingMetrics.Measure(student, teacher, oracle, _prompts, _greedy, config.Seed, tokenizer, device);
        var now = DateTime.UtcNow;
        return
        [
            .. TeacherHackingMetrics.Points(sampled, step),
            new MetricPoint(GoldenKlGreedy, step, greedy.GoldenKl, now),
            new MetricPoint(OracleNllGreedy, step, greedy.OracleNll, now),
        ];
    }
}
