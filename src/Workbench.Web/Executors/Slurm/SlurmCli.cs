using System.Diagnostics;

namespace Workbench.Web.Executors.Slurm;

/// <summary>Runs Slurm's commands (sbatch, squeue, sacct, scontrol, scancel) with the configured folder and environment.</summary>
public sealed class SlurmCli(SlurmOptions options)
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public bool Succeeded => ExitCode == 0;
    }

    public async Task<Result> RunAsync(string command, IEnumerable<string> arguments, string? stdin = null, CancellationToken ct = default)
    {
        var info = new ProcessStartInfo(string.IsNullOrWhiteSpace(options.BinDirectory) ? command : Path.Combine(options.BinDirectory, command))
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in options.Environment) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), ct);
            process.StandardInput.Close();
        }
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            throw;
        }
        return new(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }
}
