using System.Diagnostics;
using Npgsql;

namespace Workbench.Tests.Shared;

/// <summary>
/// A real PostgreSQL cluster for the tests: initdb in a temp folder, listening on a free loopback port (and a socket in that
/// folder), fsync off. One per test process (<see cref="SharedAsync"/>), stopped when the process exits; each test takes a
/// fresh database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgreSqlServer : IAsyncDisposable
{
    private const string User = "workbench";
    private static readonly Lazy<Task<PostgreSqlServer>> s_shared = new(StartAsync);
    private static int s_databases;

    private readonly string _directory;
    private readonly Process _process;
    private readonly Func<string> _output;

    public int Port { get; }

    private PostgreSqlServer(string directory, int port, Process process, Func<string> output) =>
        (_directory, Port, _process, _output) = (directory, port, process, output);

    /// <summary>Debian's server binaries (postgresql-15 on bookworm; the newest installed major otherwise).</summary>
    public static string BinDirectory =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin")).LastOrDefault(Directory.Exists)
              ?? throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: apt-get install postgresql.")
            : throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: apt-get install postgresql.");

    public static Task<PostgreSqlServer> SharedAsync() => s_shared.Value;

    private static async Task<PostgreSqlServer> StartAsync()
    {
        var directory = LocalServerProcess.CreateOwnedDirectory("wb-postgres-");
        var data = Path.Combine(directory, "data");
        LocalServerProcess.RunAsServiceUser(Path.Combine(BinDirectory, "initdb"),
            ["-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        var port = LocalServerProcess.FreeLoopbackPort();
        var (process, output) = LocalServerProcess.StartServer(Path.Combine(BinDirectory, "postgres"),
            ["-D", data, "-k", directory, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"], directory);
        var server = new PostgreSqlServer(directory, port, process, output);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        await server.WaitUntilReadyAsync();
        return server;
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Connection Idle Lifetime=10;Connection Pruning Interval=5;Timeout=30";

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"postgres exited with {_process.ExitCode}: {_output()}");
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline) { await Task.Delay(100); }
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"wb_{Environment.ProcessId}_{Interlocked.Increment(ref s_databases)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    private void Stop()
    {
        try
        {
            // SIGINT to the postmaster (first line of postmaster.pid; runuser may stand between us) is PostgreSQL's "fast shutdown".
            var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
            if (!_process.HasExited && File.Exists(pidFile))
                Process.Start("kill", ["-INT", File.ReadLines(pidFile).First().Trim()])?.WaitForExit();
            if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
