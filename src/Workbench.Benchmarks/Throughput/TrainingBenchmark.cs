using System.Globalization;
using Workbench.Training.Diagnostics;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// <c>training</c> mode: tokens/s of the teacher forward, a distillation step per objective family and LeaF's
/// input-gradient step for each pair and thread count, their model FLOPs utilisation against a measured matmul peak,
/// and each case's peak memory. Every measurement runs in a child process (<see cref="CaseProcess"/>).
/// </summary>
public static class TrainingBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = TrainingBenchmarkOptions.Parse(args);
        if (options.ChildPeak || options.ChildCase is not null) return Child(options);
        if (options.Profile)
        {
            Console.WriteLine(StepProfile.Run(options));
            return 0;
        }
        if (options.TwinScript is { } twin)
        {
            var sideBySide = await SideBySideBenchmark.RunAsync(options, twin);
            Console.WriteLine(sideBySide);
            if (options.OutPath is { } sideBySidePath) await File.WriteAllTextAsync(sideBySidePath, sideBySide);
            return 0;
        }

        var machine = MachineInfo.Read();
        var started = DateTimeOffset.Now;
        var peaks = new Dictionary<int, double>();
        var results = new List<ThroughputResult>();
        foreach (var threads in options.Threads)
        {
            peaks[threads] = (await CaseProcess.RunAsync([.. options.ChildArgs(threads), "--peak"], options)).PeakFlops!.Value;
            Progress($"matmul peak, {threads} thread(s): {peaks[threads] / 1e9:0.0} GFLOP/s");
        }
        foreach (var pair in options.Pairs)
            foreach (var c in options.Cases)
                foreach (var threads in options.Threads)
                {
                    var result = (await CaseProcess.RunAsync([.. options.ChildArgs(threads), "--case", $"{pair.Id}/{c.Id}"], options)).Result!;
                    results.Add(result);
                    Progress($"{pair.Id} {c.Id}, {threads} thread(s): {result.TokensPerSecond:N0} tokens/s");
                }

        foreach (var threads in options.Threads)          // the best matmul seen at all: load on a shared machine only ever slows it
            peaks[threads] = results.Where(r => r.Threads == threads).Select(r => r.LocalPeakFlops).Append(peaks[threads]).Max();

        var pairs = options.Pairs.Select(p => { var (t, s) = CaseRunner.ParameterCounts(p); return p.Info(t, s); }).ToList();
        var report = new ThroughputReport(machine, started, MachineInfo.ReadLoadAverage(), pairs, peaks, options.MatmulSize,
                                          options.WarmUp, options.Repetitions, options.MinSeconds, results);
        var markdown = report.ToMarkdown();
        Console.WriteLine(markdown);
        if (options.OutPath is { } path) await File.WriteAllTextAsync(path, markdown);
        return 0;
    }

    private static ThroughputResult MeasureCase(string id, TrainingBenchmarkOptions options)
    {
        var parts = id.Split('/');
        if (parts.Length != 2) throw new ArgumentException($"--case takes pair/case, got '{id}'.");
        return CaseRunner.Run(BenchmarkPair.Named(parts[0]), ThroughputCase.Named(parts[1]), options.Threads[0], options.WarmUp, options.Repetitions, options.MinSeconds, options.MatmulSize, options.LogitChunkRows, options.Precision);
    }

    // A child measures one thing with the one thread count it was given, and reports it on stdout.
    private static int Child(TrainingBenchmarkOptions options)
    {
        Training.Devices.NativeHeap.Apply();   // as a worker starts
        TorchSharp.torch.set_num_threads(options.Threads[0]);
        CaseProcess.Report(options.ChildCase is { } id
            ? new CaseOutput(MeasureCase(id, options), null)
            : new CaseOutput(null, MatmulPeak.Measure(options.MatmulSize, options.WarmUp, options.Repetitions, options.MinSeconds)));
        return 0;
    }

    // Progress goes to stderr so stdout carries only the table.
    private static void Progress(string line) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {line}"));
}
