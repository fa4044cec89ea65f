using System.Diagnostics;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Hosting;

/// <summary>The real server process on a broken data directory: one line on stderr naming the file, exit code 1, nothing created.</summary>
public sealed class DatabaseGuardTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("wb-db-guard-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    private async Task<(int ExitCode, string Stderr)> StartServerAsync()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = RepoPaths.Root };
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "Workbench.Web.dll"), $"--Workbench:DataDirectory={_data}",
                                    "--Workbench:DemoModels=false", "--urls=http://127.0.0.1:0" })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new TimeoutException("The server started instead of refusing."); }
        return (process.ExitCode, (await stderr).Trim());
    }

    [Fact]
    public async Task Start_EmptyDatabaseOverExistingRunFolders_RefusesInOneLineNamingTheFile()
    {
        Directory.CreateDirectory(Path.Combine(_data, "runs", "1"));
        var database = Path.Combine(_data, "workbench.db");
        File.WriteAllBytes(database, []);

        var (exitCode, stderr) = await StartServerAsync();

        Assert.Equal(1, exitCode);
        Assert.Single(stderr.Split('\n'));
        Assert.Contains($"The database file {database} is empty", stderr);
        Assert.Equal(0, new FileInfo(database).Length);
    }

    [Fact]
    public async Task Start_CorruptDatabase_RefusesInOneLineWithoutAStackTrace()
    {
        var database = Path.Combine(_data, "workbench.db");
        File.WriteAllText(database, "this is not a database, just some text that got written over it");

        var (exitCode, stderr) = await StartServerAsync();

        Assert.Equal(1, exitCode);
        Assert.Single(stderr.Split('\n'));
        Assert.Contains($"The database file {database} is not a SQLite database", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
