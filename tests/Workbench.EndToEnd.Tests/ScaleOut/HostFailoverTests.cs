using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Workbench.EndToEnd.Tests.Shared;
using Workbench.Experiments;
using Workbench.RunProtocol;
using Workbench.Tests.Shared;
using Xunit.Abstractions;

namespace Workbench.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Two real web hosts (separate processes) on one PostgreSQL, one Redis and one data directory, each naming the other as
/// its workers' failover host. The host that runs a run is killed with SIGKILL mid-run: the other keeps serving HTTP and
/// its hub, its SignalR viewer follows the run to its end, and the run completes on the survivor with every step's
/// metric stored exactly once. With the local executor the worker stops with its host (its stdin closes: it saves a
/// checkpoint where it stopped and delivers its last reports to the survivor), and the survivor resumes the run from that
/// checkpoint once the dead host's lease has run out.
/// </summary>
[Collection(HostFailoverCollection.Name)]
public sealed class HostFailoverTests(ITestOutputHelper output)
{
    private const int Steps = 400;
    private const int LeaseSeconds = 3;

    [Fact]
    public async Task OwnerKilledMidRun_OtherHostKeepsServing_RunCompletesWithEveryStepOnce()
    {
        var postgres = await PostgreSqlServer.SharedAsync();
        var redis = await RedisServer.SharedAsync();
        var database = await postgres.CreateDatabaseAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("wb-failover-").FullName;
        var ports = new[] { LocalServerProcess.FreeLoopbackPort(), LocalServerProcess.FreeLoopbackPort() };
        Dictionary<string, string> Settings(int self) => new()
        {
            ["Workbench__Database__Provider"] = "postgresql",
            ["Workbench__Database__ConnectionString"] = database,
            ["Workbench__Redis"] = redis.Configuration,
            ["Workbench__DataDirectory"] = dataDirectory,
            ["Workbench__HostId"] = $"host-{self}",
            ["Workbench__RunLeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Workbench__Executor__FailoverHostUrls__0"] = $"http://127.0.0.1:{ports[1 - self]}/",
        };
        // One after the other: the first migrates the database.
        var hosts = new List<WorkbenchAppProcess>();
        try
        {
            for (var i = 0; i < 2; i++)
                hosts.Add(await WorkbenchAppProcess.StartAsync(TimeSpan.FromSeconds(90), $"http://127.0.0.1:{ports[i]}", Settings(i)));
            await RunAsync(hosts, database);
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private async Task RunAsync(List<WorkbenchAppProcess> hosts, string database)
    {
        var started = Stopwatch.StartNew();
        using var submitter = new HttpClient { BaseAddress = hosts[0].BaseAddress };
        var config = new
        {
            name = "failover", student = new { layers = 1, heads = 2, width = 32, context = 64 },
            steps = Steps, batchSize = 8, evalEvery = Steps, checkpointEvery = 100,
        };
        var submitted = await submitter.PostAsJsonAsync("/api/runs", config);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var runId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // Either host's scheduler may claim it: the one that does is the one killed.
        var (owner, location) = await WaitForOwnerAsync(database, runId);
        var ownerIndex = owner == "host-0" ? 0 : 1;
        var (doomed, survivor) = (hosts[ownerIndex], hosts[1 - ownerIndex]);
        var viewer = FailoverProbes.FollowAsync(survivor.BaseAddress, runId, TimeSpan.FromSeconds(150));

        var stepAtKill = await FailoverProbes.WaitForStepAsync(database, runId, 30, TimeSpan.FromSeconds(90));
        Assert.True(stepAtKill < Steps, "the kill should fall inside the run");
        doomed.KillHostOnly();   // SIGKILL: no shutdown code runs, its lease stops being renewed
        output.WriteLine($"{started.Elapsed.TotalSeconds:F1} s: killed {owner} at step {stepAtKill}; its worker was {location}");

        using var http = new HttpClient { BaseAddress = survivor.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        string status;
        var served = 0;
        var deadline = DateTime.UtcNow.AddSeconds(75);
        do
        {
            await Task.Delay(500);
            var response = await http.GetAsync($"/api/runs/{runId}");   // the survivor answers throughout
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode} from the surviving host");
            served++;
            status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
        }
        while (status != "completed" && status != "failed" && DateTime.UtcNow < deadline);
        Assert.True(status == "completed", $"run ended {status}; survivor:\n{survivor.Output}");
        output.WriteLine($"{started.Elapsed.TotalSeconds:F1} s: completed on the survivor ({served} status requests answered after the kill)");

        var streams = await viewer.WaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"viewer streams: {string.Join(", ", streams.Select(st => st.Count == 0 ? "empty" : $"{st.Count} steps {st[0]}..{st[^1]}"))}");

        var expected = Enumerable.Range(1, Steps).Select(s => (long)s).ToList();
        // The viewer on the survivor: every stream (history, then live) is steps 1, 2, ... with no gap or duplicate, and the
        // one that saw the run to its end has every step.
        Assert.All(streams, stream => Assert.Equal(Enumerable.Range(1, stream.Count).Select(s => (long)s), stream));
        Assert.Equal(expected, streams[^1]);

        // What is stored: the run's whole history, read back through the survivor's hub from the database.
        await using var reader = RunsHubClient.Create(survivor.BaseAddress);
        await reader.StartAsync();
        var stored = new List<long>();
        await foreach (var batch in reader.StreamMetrics(runId, CancellationToken.None))
            stored.AddRange(batch.Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step));
        Assert.Equal(expected, stored);   // every step once: no gap, no duplicate

        var (finalOwner, finalLocation) = await FailoverProbes.OwnerAsync(database, runId);
        Assert.Equal(1 - ownerIndex, finalOwner == "host-0" ? 0 : 1);   // resumed and finished on the survivor
        output.WriteLine($"finished as {finalLocation} on {finalOwner}");
        AssertGone(location);
    }

    // The killed host's local worker stopped on its closed stdin instead of training on as an orphan.
    private static void AssertGone(string? location)
    {
        if (location is null || !location.StartsWith("local:pid ", StringComparison.Ordinal)) return;
        var pid = int.Parse(location["local:pid ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("Workbench.Worker", StringComparison.Ordinal),
            $"the dead host's worker (pid {pid}) is still running");
    }

    private static async Task<(string Owner, string? Location)> WaitForOwnerAsync(string database, int runId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(200))
            if (await FailoverProbes.OwnerAsync(database, runId) is ({ } owner, { } location)) return (owner, location);
        throw new TimeoutException($"Run {runId} was not claimed with a worker within 60 s.");
    }
}
