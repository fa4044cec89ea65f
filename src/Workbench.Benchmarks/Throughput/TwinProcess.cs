using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// Runs one case of the PyTorch eager twin of the Llama pair (<c>pytorch_llama_pair.py</c>, kept beside the benchmark's
/// README, not in this repository) with the system python and the OpenMP OpenBLAS, and reads its one JSON line.
/// </summary>
public static class TwinProcess
{
    private const string Python = "/usr/bin/python3";
    private const string OpenMpBlas = "/usr/lib/x86_64-linux-gnu/openblas-openmp";
    private const string AutocastWrapper = "pytorch_twin_autocast.py";

    /// <summary>The twin's name for <paramref name="c"/>, or null when it has no such case.</summary>
    public static string? CaseName(ThroughputCase c) => c.Id is "teacher_forward" or "ce" or "forward_kl" or "saliency_student" or "saliency_teacher" ? c.Id : null;

    public static async Task<TwinResult> RunAsync(string script, string caseName, int threads, TrainingBenchmarkOptions options)
    {
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        // bf16: the twin's own code inside torch's CPU autocast, as a Workbench run with precision bf16 runs its step.
        string[] command = options.Precision == Experiments.Precisions.BFloat16 ? [Path.Combine(AppContext.BaseDirectory, AutocastWrapper), "--twin", script] : [script];
        string[] arguments =
        [
            .. command, "--case", caseName, "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--reps", options.Repetitions.ToString(CultureInfo.InvariantCulture),
            "--warmup", options.WarmUp.ToString(CultureInfo.InvariantCulture),
            "--min-seconds", options.MinSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        foreach (var arg in arguments)
            info.ArgumentList.Add(arg);
        info.Environment["LD_LIBRARY_PATH"] = OpenMpBlas;
        RunProtocol.Launch.WorkerThreadWait.Apply(options.ThreadWait, info.Environment);   // as CaseProcess starts the product's cases

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await stdout).Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"The PyTorch twin's {caseName} failed (exit code {process.ExitCode}).{Environment.NewLine}{await stderr}");
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new TwinResult(root.GetProperty("tokens_per_s").GetDouble(), root.GetProperty("ms_per_step").GetDouble(),
                              root.GetProperty("peak_rss_mb").GetDouble() * 1024 * 1024, root.GetProperty("torch").GetString() ?? "?");
    }
}

/// <summary>One twin measurement: tokens/s (median step), ms per step, peak RSS in bytes, torch's version.</summary>
public sealed record TwinResult(double TokensPerSecond, double MillisecondsPerStep, double PeakRssBytes, string TorchVersion);
