using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

public sealed class TrackingApiTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    private static RunConfig Distill(string name, params string[] kinds) => new()
    {
        Name = name,
        Teacher = new ModelRef { Checkpoint = "demo-teacher" },
        Objectives = kinds.Select(k => new ObjectiveTerm { Kind = k }).ToList(),
    };

    [Fact]
    public async Task Series_TwentyThousandPointsWithSpike_DownsampledSpikeKeptAndZoomBringsDetailBack()
    {
        var id = await SeededRuns.AddAsync(server.Services, new RunConfig { Name = "spiky" },
            metrics: SeededRuns.Series(MetricNames.TrainLoss, 20_000, s => s == 12_345 ? 99 : 1.0 / s));
        using var http = server.CreateHttpClient();

        var full = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/series?name=train/loss&points=1000");
        var zoomed = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/series?name=train/loss&points=1000&from=12000&to=12400");
        var byTime = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}/series?name=train/loss&points=1000&x=relative");

        var series = full.GetProperty("series")[0];
        var x = series.GetProperty("x").EnumerateArray().Select(e => e.GetInt64()).ToList();
        var y = series.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(20_000, series.GetProperty("totalPoints").GetInt64());
        Assert.InRange(x.Count, 2, 1002);
        Assert.Equal(1, x[0]);
        Assert.Equal(20_000, x[^1]);
        Assert.Equal(99, y[x.IndexOf(12_345)]);
        Assert.Equal(401, zoomed.GetProperty("series")[0].GetProperty("x").GetArrayLength());
        Assert.Equal(19_999, byTime.GetProperty("series")[0].GetProperty("x").EnumerateArray().Last().GetDouble());
    }

    [Fact]
    public async Task Compare_TwoRuns_SharedGridConfigDiffAndColouredDeltas()
    {
        var a = await SeededRuns.AddAsync(server.Services, Distill("cmp-a", ObjectiveKinds.ForwardKl),
            metrics: [.. SeededRuns.Series(MetricNames.TrainLoss, 3000, s => 2), new MetricPoint(MetricNames.EvalAccuracy, 3000, 0.5, DateTime.UtcNow)]);
        var b = await SeededRuns.AddAsync(server.Services, Distill("cmp-b", ObjectiveKinds.ReverseKl),
            metrics: [.. SeededRuns.Series(MetricNames.TrainLoss, 6000, s => 1), new MetricPoint(MetricNames.EvalAccuracy, 6000, 0.7, DateTime.UtcNow)]);
        using var http = server.CreateHttpClient();

        var comparison = await http.GetFromJsonAsync<JsonElement>($"/api/compare?runs={a},{b}&metric=train/loss&points=500&differencesOnly=true&baseline={a}");

        var chart = comparison.GetProperty("chart");
        Assert.Equal(1, chart.GetProperty("from").GetInt64());
        Assert.Equal(6000, chart.GetProperty("to").GetInt64());   // one grid over both runs
        Assert.Equal(2, chart.GetProperty("series").GetArrayLength());
        Assert.NotEqual(chart.GetProperty("series")[0].GetProperty("color").GetString(), chart.GetProperty("series")[1].GetProperty("color").GetString());
        var keys = comparison.GetProperty("config").EnumerateArray().Select(r => r.GetProperty("key").GetString()).ToList();
        Assert.Equal(["name", "objectives[0].kind"], keys);
        var accuracy = comparison.GetProperty("summary").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == MetricNames.EvalAccuracy);
        var cell = accuracy.GetProperty("cells")[1];
        Assert.Equal(0.2, cell.GetProperty("delta").GetDouble(), 9);
        Assert.Equal("Better", cell.GetProperty("verdict").ToString(), ignoreCase: true);
    }

    [Fact]
    public async Task Table_FilterOnObjectiveAndMetric_MatchesOnlyThatRunAndBadFilterNamesColumn()
    {
        var tag = $"t{Guid.NewGuid():N}"[..10];
        var good = await SeededRuns.AddAsync(server.Services, Distill("tbl-good", ObjectiveKinds.CrossEntropy, ObjectiveKinds.Jsd),
            metrics: [new MetricPoint(MetricNames.EvalAccuracy, 10, 0.8, DateTime.UtcNow)]);
        var poor = await SeededRuns.AddAsync(server.Services, Distill("tbl-poor", ObjectiveKinds.Jsd),
            metrics: [new MetricPoint(MetricNames.EvalAccuracy, 10, 0.3, DateTime.UtcNow)]);
        using var http = server.CreateHttpClient();
        foreach (var id in new[] { good, poor })
            (await http.PatchAsJsonAsync($"/api/runs/{id}", new { tags = new[] { tag }, notes = "seeded" })).EnsureSuccessStatusCode();

        var rows = await http.GetFromJsonAsync<JsonElement>($"/api/runs/table?filter={Uri.EscapeDataString($"tags == {tag} and objective == \"jsd\" and eval.accuracy > 0.6")}");
        var bad = await http.GetAsync($"/api/runs/table?filter={Uri.EscapeDataString("eval.accuracy > and")}");
        var csv = await http.GetStringAsync($"/api/runs/table.csv?filter={Uri.EscapeDataString($"tags == {tag}")}&columns=objectives[0].kind,eval/accuracy");

        Assert.Equal([good], rows.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var error = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(17, error.GetProperty("column").GetInt32());
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,name,status,tags,notes,archived,objectives[0].kind,eval/accuracy", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l == $"{poor},tbl-poor,completed,{tag},seeded,false,jsd,0.3");
    }

    [Fact]
    public async Task Delete_FinishedRunWithCheckpointFile_RemovesRowsAndFolderButNotActiveRuns()
    {
        var id = await SeededRuns.AddAsync(server.Services, new RunConfig { Name = "doomed" },
            metrics: SeededRuns.Series(MetricNames.TrainLoss, 100, s => 1));
        var folder = Path.Combine(server.DataDirectory, "runs", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "final.safetensors");
        await File.WriteAllTextAsync(file, "weights");
        await server.Store.AddCheckpointAsync(id, new CheckpointSaved(file, 100));
        var running = await SeededRuns.AddAsync(server.Services, new RunConfig { Name = "busy" }, RunStatus.Running);
        using var http = server.CreateHttpClient();

        var deleted = await http.DeleteAsync($"/api/runs/{id}");
        var again = await http.DeleteAsync($"/api/runs/{id}");
        var refused = await http.DeleteAsync($"/api/runs/{running}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.False(Directory.Exists(folder));
        Assert.Null(await server.Store.GetAsync(id));
        Assert.Empty(await server.Store.GetMetricsAsync(id));
    }

    [Fact]
    public async Task MetricsCsv_FullResolution_EveryPoint()
    {
        var id = await SeededRuns.AddAsync(server.Services, new RunConfig { Name = "export" },
            metrics: SeededRuns.Series(MetricNames.TrainLoss, 5000, s => s * 0.5));
        using var http = server.CreateHttpClient();

        var csv = await http.GetStringAsync($"/api/runs/{id}/metrics.csv?name=train/loss");

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("step,value,wall_time", lines[0]);
        Assert.Equal(5001, lines.Length);
        Assert.StartsWith("5000,2500,2026-01-01T01:23:19", lines[^1]);
    }
}
