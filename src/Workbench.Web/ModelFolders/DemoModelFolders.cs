using System.Diagnostics;
using Microsoft.Extensions.Options;
using Workbench.Storage;
using Workbench.Web.Executors;
using Workbench.Web.Hosting;

namespace Workbench.Web.ModelFolders;

/// <summary>
/// On start, has a worker process write the built-in demo Hugging Face folders into <c>&lt;DataDirectory&gt;/models</c>
/// (<c>Workbench.Worker demo-models</c>: libtorch stays out of the server; complete folders are left alone) and registers
/// them, so the Models page and the Hugging Face demo presets work on a fresh install with nothing to download.
/// </summary>
public sealed class DemoModelFolders(IOptions<WorkbenchOptions> options, ModelRoots roots, ModelFolderService folders,
                                     ModelFolderStore store, ILogger<DemoModelFolders> logger) : BackgroundService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the folders are registered (or creating them failed, which is logged).</summary>
    public Task Ready => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!options.Value.DemoModels) return;
            foreach (var path in await CreateAsync(roots.DefaultFolder, stoppingToken))
            {
                if (await store.GetByPathAsync(path, stoppingToken) is not null) continue;
                var (_, error) = await folders.RegisterAsync(path, null, stoppingToken);
                if (error is not null) logger.LogWarning("Demo model folder {Path} not registered: {Message}", path, error.Message);
                else logger.LogInformation("Registered demo model folder {Path}", path);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not create the demo model folders");
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private async Task<IReadOnlyList<string>> CreateAsync(string output, CancellationToken ct)
    {
        var info = new ProcessStartInfo(WorkerProcess.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", options.Value.ResolveWorkerAssembly(), "demo-models", "--output", output }) info.ArgumentList.Add(arg);
        RunProtocol.Launch.WorkerThreadWait.Apply(options.Value.WorkerThreadWait, info.Environment);
        RunProtocol.Launch.WorkerAllocator.Apply(options.Value.WorkerAllocator, info.Environment);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the worker.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0) throw new InvalidOperationException($"demo-models exited with {process.ExitCode}: {await stderr}");
        return [.. (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
