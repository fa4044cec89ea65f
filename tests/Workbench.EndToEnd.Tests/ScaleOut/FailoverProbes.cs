using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Workbench.Experiments;
using Workbench.RunProtocol;

namespace Workbench.EndToEnd.Tests.ScaleOut;

/// <summary>What the host-failover tests watch of a run: its row in the shared database and a SignalR viewer on a surviving host.</summary>
internal static class FailoverProbes
{
    /// <summary>
    /// A SignalR client on <paramref name="host"/> following the run's metrics: one stream per attempt (a stream ends when the
    /// run is interrupted; the client follows it again, as a page does, until the run has ended). Returns the train/loss steps
    /// of each stream.
    /// </summary>
    public static async Task<List<List<long>>> FollowAsync(Uri host, int runId, TimeSpan timeout)
    {
        await using var hub = RunsHubClient.Create(host);
        await hub.StartAsync();
        var streams = new List<List<long>>();
        using var http = new HttpClient { BaseAddress = host };
        for (var deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline;)
        {
            var steps = new List<long>();
            streams.Add(steps);
            await foreach (var batch in hub.StreamMetrics(runId, CancellationToken.None))
                steps.AddRange(batch.Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step));
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (run.GetProperty("status").GetString() is "completed" or "failed" or "cancelled") break;
            await Task.Delay(250);
        }
        return streams;
    }

    /// <summary>The host holding the run and where its worker was placed, as the shared database says.</summary>
    public static async Task<(string? Owner, string? Location)> OwnerAsync(string database, int runId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""SELECT "OwnerHost", "WorkerLocation" FROM "Runs" WHERE "Id" = @id""", connection);
        query.Parameters.AddWithValue("id", runId);
        await using var row = await query.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        return (row.IsDBNull(0) ? null : row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1));
    }

    /// <summary>The run's stored status, step, owner, location and error, for a timeout's message.</summary>
    public static async Task<string> DescribeAsync(string database, int runId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""SELECT "Status", "Step", "Error", "OwnerHost", "WorkerLocation" FROM "Runs" WHERE "Id" = @id""", connection);
        query.Parameters.AddWithValue("id", runId);
        await using var row = await query.ExecuteReaderAsync();
        if (!await row.ReadAsync()) return $"run {runId} is gone";
        string? Text(int i) => row.IsDBNull(i) ? null : row.GetValue(i).ToString();
        return $"status {Text(0)}, step {Text(1)}, owner {Text(3) ?? "none"}, location {Text(4) ?? "none"}, error {Text(2) ?? "none"}";
    }

    /// <summary>Waits until the run's stored step reaches <paramref name="step"/>; returns the step reached.</summary>
    public static async Task<long> WaitForStepAsync(string database, int runId, long step, TimeSpan timeout)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        for (var deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            await using var query = new NpgsqlCommand("""SELECT "Step" FROM "Runs" WHERE "Id" = @id""", connection);
            query.Parameters.AddWithValue("id", runId);
            if (await query.ExecuteScalarAsync() is long reached && reached >= step) return reached;
        }
        throw new TimeoutException($"Run {runId} did not reach step {step} within {timeout.TotalSeconds:0} s.");
    }
}
