using System.Globalization;
using System.Text;

namespace Workbench.Training.Diagnostics;

/// <summary>The training benchmark's results and how they were taken, rendered as Markdown for the README.</summary>
/// <param name="Machine">Where it ran.</param>
/// <param name="Date">When it started.</param>
/// <param name="LoadAtEnd">The 1-minute load average when it finished (the start's is in <paramref name="Machine"/>).</param>
/// <param name="Pairs">The model pairs, in table order.</param>
/// <param name="PeakFlopsByThreads">Measured fp32 matmul FLOP/s per thread count (the fastest seen), the denominator of the MFU.</param>
/// <param name="MatmulSize">n of the n×n matmul that measured the peak.</param>
/// <param name="WarmUp">Repetitions run and discarded before timing.</param>
/// <param name="Repetitions">Timed repetitions per case at least; the tables show their median.</param>
/// <param name="MinSeconds">Timed work per case at least: fast cases repeat (up to 200 times) until then.</param>
/// <param name="Results">Every case, in table order.</param>
public sealed record ThroughputReport(
    MachineInfo Machine, DateTimeOffset Date, double? LoadAtEnd, IReadOnlyList<ModelPairInfo> Pairs,
    IReadOnlyDictionary<int, double> PeakFlopsByThreads, int MatmulSize, int WarmUp, int Repetitions, double MinSeconds,
    IReadOnlyList<ThroughputResult> Results)
{
    private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

    public string ToMarkdown()
    {
        var s = new StringBuilder();
        var m = Machine;
        s.AppendLine(string.Create(s_c, $"Machine: {m.Cpu}, {m.Cores} cores, {m.MemoryBytes / 1073741824.0:0} GB RAM, {m.Os}; run {Date.UtcDateTime:yyyy-MM-dd HH:mm} UTC, load average (1 min) {Load(m.LoadAverage)} at the start and {Load(LoadAtEnd)} at the end."));
        s.AppendLine();
        var peaks = string.Join("; ", PeakFlopsByThreads.OrderBy(p => p.Key).Select(p => string.Create(s_c, $"{p.Key} thread{(p.Key == 1 ? "" : "s")}: {p.Value / 1e9:0.0} GFLOP/s")));
        s.AppendLine(string.Create(s_c, $"Measured fp32 matmul peak ({MatmulSize}×{MatmulSize}, fastest repetition of a separate measurement and of those after each case): {peaks}."));
        s.AppendLine(string.Create(s_c, $"Each case runs in a fresh process: {WarmUp} warm-up repetition(s), then the median of at least {Repetitions} timed repetitions and of at least {MinSeconds:0.#} s of timed work (fast cases repeat, up to 200 times). Random token ids. Model FLOPs per token (PaLM's count: N = weights of linear layers and head, L layers, A = attention width, T = sequence length, causal mask not credited): forward 2N + 4·L·A·T; distillation step = student 6N + 12·L·A·T + teacher forward; input gradient (weights frozen) 4N + 12·L·A·T. Objective terms, AdamW and norms are not counted. MFU = model FLOP/s ÷ measured peak at the same thread count; \"MFU (local)\" divides by the fastest of 3 matmuls in the case's own process right after it, under the same competition for the cores. Peak RSS = the case's process VmHWM; Δ = over the same process after loading libtorch, before building models."));
        s.AppendLine();
        s.AppendLine("| pair | teacher | student | V | B × T |");
        s.AppendLine("|---|---|---|---|---|");
        foreach (var p in Pairs)
            s.AppendLine(string.Create(s_c, $"| {p.Name} | {p.Teacher}, {p.TeacherParameters:N0} params | {p.Student}, {p.StudentParameters:N0} params | {p.VocabSize:N0} | {p.Batch} × {p.SequenceLength} |"));
        s.AppendLine();
        s.AppendLine("| pair | case | threads | tokens/s | ms/sequence | MFLOP/token | GFLOP/s | MFU | MFU (local) | peak RSS | Δ RSS |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Results)
        {
            var mfu = PeakFlopsByThreads.TryGetValue(r.Threads, out var peak) ? Percent(r.Utilisation(peak)) : "–";
            s.AppendLine(string.Create(s_c,
                $"| {r.Pair} | {r.Case} | {r.Threads} | {r.TokensPerSecond:N0} | {r.MillisecondsPerSequence:0.00} | {r.FlopsPerToken / 1e6:0.0} | {r.AchievedFlops / 1e9:0.00} | {mfu} | {Percent(r.Utilisation(r.LocalPeakFlops))} | {Mb(r.PeakRssBytes)} MB | {Mb(r.PeakRssBytes - r.BaselineRssBytes)} MB |"));
        }
        return s.ToString();
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("0.0", s_c) + " %";

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0", s_c);

    private static string Load(double? load) => load?.ToString("0.0", s_c) ?? "unknown";
}
