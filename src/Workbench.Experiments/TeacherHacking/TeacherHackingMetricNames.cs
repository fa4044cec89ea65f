namespace Workbench.Experiments.TeacherHacking;

/// <summary>The metrics of a run with an oracle (<see cref="RunConfig.Oracle"/>), each a token mean over the student's completions of eval prompts.</summary>
public static class TeacherHackingMetricNames
{
    /// <summary>Proxy: KL(teacher ‖ student), what distillation optimises.</summary>
    public const string ProxyKl = "eval/proxy_kl";
    /// <summary>Golden: KL(oracle ‖ student), the distance to the ground truth the teacher approximates.</summary>
    public const string GoldenKl = "eval/golden_kl";
    /// <summary>The oracle's negative log-likelihood of the student's sampled completions.</summary>
    public const string OracleNll = "eval/oracle_nll";
    /// <summary>Golden KL on the student's greedy completions.</summary>
    public const string GoldenKlGreedy = "eval/golden_kl_greedy";
    /// <summary>The oracle's negative log-likelihood of the student's greedy completions.</summary>
    public const string OracleNllGreedy = "eval/oracle_nll_greedy";
}
