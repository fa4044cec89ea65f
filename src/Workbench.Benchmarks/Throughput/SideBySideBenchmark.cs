using System.Globalization;
using System.Text;
using Workbench.Training.Diagnostics;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// <c>training --twin SCRIPT</c>: each case the PyTorch twin also has, for the Llama pair, measured by both in the same run,
/// interleaved (Workbench then PyTorch, then the other way round, for <c>--rounds</c> rounds), at the same thread count,
/// each in a fresh process. Prints per round both tokens/s, their ratio and both peak RSS, with the load average: on a
/// shared machine absolute figures drift, ratios of neighbouring runs much less.
/// </summary>
public static class SideBySideBenchmark
{
    public static async Task<string> RunAsync(TrainingBenchmarkOptions options, string twinScript)
    {
        var pair = BenchmarkPair.Llama;
        var rows = new List<Row>();
        var started = DateTimeOffset.UtcNow;
        var loadAtStart = MachineInfo.ReadLoadAverage();
        foreach (var c in options.Cases)
        {
            if (TwinProcess.CaseName(c) is not { } twinCase) continue;
            foreach (var threads in options.Threads)
                for (var round = 0; round < options.Rounds; round++)
                {
                    ThroughputResult? ours = null;
                    TwinResult? theirs = null;
                    var load = MachineInfo.ReadLoadAverage();
                    foreach (var workbenchFirst in round % 2 == 0 ? new[] { true, false } : [false, true])
                        if (workbenchFirst) ours = (await CaseProcess.RunAsync(CaseArgs(options, threads, pair, c), options)).Result!;
                        else theirs = await TwinProcess.RunAsync(twinScript, twinCase, threads, options);
                    var row = new Row(c.Title, threads, round + 1, ours!, theirs!, load);
                    rows.Add(row);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{DateTime.Now:HH:mm:ss}] {c.Id}, {threads} thread(s), round {round + 1}: {ours!.TokensPerSecond:N0} vs {theirs!.TokensPerSecond:N0} tokens/s, ratio {row.Ratio:0.00}, RSS {Mb(ours.PeakRssBytes)} / {Mb(theirs.PeakRssBytes)} MB, load {load:0.0}"));
                }
        }
        return Markdown(pair, rows, started, loadAtStart, MachineInfo.ReadLoadAverage(), options);
    }

    private sealed record Row(string Case, int Threads, int Round, ThroughputResult Workbench, TwinResult PyTorch, double? Load)
    {
        public double Ratio => Workbench.TokensPerSecond / PyTorch.TokensPerSecond;
        public double MemoryRatio => Workbench.PeakRssBytes / PyTorch.PeakRssBytes;
    }

    private static string[] CaseArgs(TrainingBenchmarkOptions options, int threads, BenchmarkPair pair, ThroughputCase c) =>
        [.. options.ChildArgs(threads), "--case", $"{pair.Id}/{c.Id}"];

    private static string Markdown(BenchmarkPair pair, List<Row> rows, DateTimeOffset started, double? loadAtStart, double? loadAtEnd, TrainingBenchmarkOptions options)
    {
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(ci, $"Side by side with the PyTorch eager twin (torch {rows.FirstOrDefault()?.PyTorch.TorchVersion ?? "?"}): {pair.Name}, B {pair.Batch} × T {pair.SequenceLength}, V {pair.VocabSize}; run {started:yyyy-MM-dd HH:mm} UTC, load average (1 min) {loadAtStart:0.0} at the start, {loadAtEnd:0.0} at the end.");
        md.AppendLine(ci, $"Each round runs both in fresh processes one after the other (the order alternates by round); median of at least {options.Repetitions} steps and {options.MinSeconds} s after {options.WarmUp} warm-up. Ratio = Workbench ÷ PyTorch tokens/s of the same round; peak RSS = each process's VmHWM. Threads wait: {options.ThreadWait} on both sides.");
        if (options.Precision != Experiments.Precisions.Float32)
            md.AppendLine(ci, $"Both sides run under {options.Precision} autocast: Workbench's step as a run with that precision does, the twin's unchanged code inside torch's CPU autocast (pytorch_twin_autocast.py).");
        md.AppendLine();
        md.AppendLine("| case | threads | round | load | Workbench tokens/s | PyTorch tokens/s | ratio | peak RSS Workbench / PyTorch | memory ratio |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(ci, $"| {r.Case} | {r.Threads} | {r.Round} | {r.Load:0.0} | {r.Workbench.TokensPerSecond:N0} | {r.PyTorch.TokensPerSecond:N0} | {r.Ratio:0.00} | {Mb(r.Workbench.PeakRssBytes)} / {Mb(r.PyTorch.PeakRssBytes)} MB | {r.MemoryRatio:0.00} |");
        md.AppendLine();
        md.AppendLine("| case | threads | ratio (median of rounds) | memory ratio (max of rounds) |");
        md.AppendLine("|---|---|---|---|");
        foreach (var g in rows.GroupBy(r => (r.Case, r.Threads)))
            md.AppendLine(ci, $"| {g.Key.Case} | {g.Key.Threads} | {Median(g.Select(r => r.Ratio)):0.00} | {g.Max(r => r.MemoryRatio):0.00} |");
        return md.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static string Mb(double bytes) => (bytes / (1024 * 1024)).ToString("N0", CultureInfo.InvariantCulture);
}
