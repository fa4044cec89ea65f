using System.Diagnostics;
using System.Text.Json;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// Runs one measurement in a fresh copy of this program, so each case's peak RSS (VmHWM) is its own and no case
/// inherits another's allocator state or thread pool.
/// </summary>
public static class CaseProcess
{
    /// <param name="options">The child's native allocator (<see cref="TrainingBenchmarkOptions.Allocator"/>) and, when set, its
    /// pinned glibc mmap threshold (<see cref="TrainingBenchmarkOptions.MallocMmapThreshold"/>).</param>
    public static async Task<CaseOutput> RunAsync(IEnumerable<string> trainingArgs, TrainingBenchmarkOptions options)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")      // started as `dotnet Workbench.Benchmarks.dll`
            info.ArgumentList.Add(typeof(CaseProcess).Assembly.Location);
        info.ArgumentList.Add("training");
        foreach (var arg in trainingArgs) info.ArgumentList.Add(arg);
        RunProtocol.Launch.WorkerThreadWait.Apply(options.ThreadWait, info.Environment);   // as workers start
        RunProtocol.Launch.WorkerAllocator.Apply(options.Allocator, info.Environment);   // as workers start
        if (options.MallocMmapThreshold is { } threshold) info.Environment[Training.Devices.NativeHeap.Variable] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var process = Process.Start(info)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith(CaseOutput.LinePrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"The case {string.Join(' ', trainingArgs)} failed (exit code {process.ExitCode}).{Environment.NewLine}{stdout}");
        return JsonSerializer.Deserialize<CaseOutput>(line[CaseOutput.LinePrefix.Length..])!;
    }

    /// <summary>The child's side: writes <paramref name="output"/> as the one result line.</summary>
    public static void Report(CaseOutput output) => Console.WriteLine(CaseOutput.LinePrefix + JsonSerializer.Serialize(output));
}
