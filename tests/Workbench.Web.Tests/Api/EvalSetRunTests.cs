using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Experiments.Datasets;
using Workbench.Experiments.Evaluation;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

/// <summary>
/// Real workers on an imported dataset with an evaluation set on its test split: the set's metrics and per-sample predictions
/// (the teacher's and the starting student's once) reach the database and the predictions API, whose bad inputs name their field.
/// </summary>
public sealed class EvalSetRunTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    private const int TestSamples = 12;

    // Completions in the "#### answer" style; the eval set takes the gold from them (no "answer" field). Distractor spans hold ages.
    private static string Jsonl()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 52; i++)
        {
            var (a, d) = (2 + i % 7, 3 + i % 5);
            var distractor = $"Tom is {d} years old.";
            var prompt = $"Ann has {a} pens. {distractor} How many pens does Ann have?";
            var start = prompt.IndexOf(distractor, StringComparison.Ordinal);
            var split = i < 32 ? "train" : i < 40 ? "eval" : "test";
            lines.AppendLine($$"""{"prompt":"{{prompt}}","completion":"she has {{a}} . #### {{a}}","confounder_spans":[[{{start}},{{start + distractor.Length}}]],"split":"{{split}}"}""");
        }
        return lines.ToString();
    }

    private async Task<(int Teacher, int Student)> RunBothAsync(HttpClient http)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("pens-evalsets"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Jsonl())), "file", "pens.jsonl" },
        };
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/datasets", form)).StatusCode);
        var dataset = DatasetRefs.Imported("pens-evalsets");
        EvalSet[] sets = [new("held-out", null, "test")];
        var teacher = await http.SubmitAsync(TinyConfigs.Teacher("evalsets-teacher", 20) with { Dataset = dataset, EvalEvery = 10, EvalSets = sets });
        var student = await http.SubmitAsync(TinyConfigs.Distill("evalsets-teacher", 20) with
        {
            Name = "evalsets-student", Dataset = dataset, EvalEvery = 10, EvalSets = sets, AnswerRule = "after:####",
        });
        foreach (var id in new[] { teacher, student })
        {
            var run = await server.WaitForTerminalAsync(id, TimeSpan.FromMinutes(3));
            Assert.True(run.Status == RunStatus.Completed, run.Error);
        }
        return (teacher, student);
    }

    [Fact]
    public async Task Run_WithAnEvalSet_MetricsAndPredictionsArriveInTheDatabaseAndTheApi()
    {
        using var http = server.CreateHttpClient();
        var (teacher, student) = await RunBothAsync(http);

        var metrics = await server.Store.GetMetricsAsync(student);
        foreach (var measure in new[] { EvalMetricNames.Accuracy, EvalMetricNames.Loss, EvalMetricNames.CopyRate, EvalMetricNames.CamShare, EvalMetricNames.ForwardKl })
            Assert.Equal([0L, 10, 20], metrics.Where(p => p.Name == EvalMetricNames.For("held-out", measure)).Select(p => p.Step).Order());
        Assert.Contains(metrics, p => p.Name == "eval/held-out/accuracy" && p.Value is >= 0 and <= 1);

        var body = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{student}/predictions?set=held-out&step=10");
        Assert.Equal(["held-out"], body.GetProperty("sets").EnumerateArray().Select(s => s.GetString()));
        var page = body.GetProperty("page");
        Assert.Equal([0L, 10, 20], page.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()));
        Assert.Equal(10, page.GetProperty("step").GetInt64());
        var rows = page.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(TestSamples, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(JsonValueKind.Object, r.GetProperty("teacher").ValueKind);
            Assert.Equal(0, r.GetProperty("before").GetProperty("step").GetInt64());
            Assert.Equal(10, r.GetProperty("now").GetProperty("step").GetInt64());
            Assert.Equal(r.GetProperty("prompt").GetString()!.Split(' ')[2].TrimEnd('.'), r.GetProperty("gold").GetString());   // "Ann has 4 pens." -> "4"
        });
        Assert.Equal(TestSamples, page.GetProperty("counts").GetProperty("all").GetInt32());
        var counts = page.GetProperty("counts");
        Assert.Equal(rows.Count(r => !r.GetProperty("before").GetProperty("correct").GetBoolean()),
                     counts.GetProperty("fixed").GetInt32() + counts.GetProperty("still_wrong").GetInt32());

        var teacherPage = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{teacher}/predictions");
        Assert.All(teacherPage.GetProperty("page").GetProperty("rows").EnumerateArray(),
                   r => Assert.Equal(JsonValueKind.Null, r.GetProperty("teacher").ValueKind));   // a run without a teacher has no teacher answers
    }

    [Theory]
    [InlineData("?filter=best", "filter")]
    [InlineData("?set=nope", "set")]
    [InlineData("?set=held-out&step=7", "step")]
    [InlineData("?step=ten", "step")]
    [InlineData("?step=-1", "step")]
    public async Task Get_BadQuery_NamesTheField(string query, string field)
    {
        using var http = server.CreateHttpClient();
        var run = await server.Store.CreateAsync(TinyConfigs.Teacher("no-predictions-yet"));
        await server.Services.GetRequiredService<Storage.PredictionStore>().AddAsync(run.Id, new EvalPredictions("held-out", 0,
            [new EvalSample("held-out", 0, "p", "1", [])], [new SamplePrediction("held-out", 0, 0, PredictionModels.Student, "1", "1", true, false)]));

        var response = await http.GetAsync($"/api/runs/{run.Id}/predictions{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Fact]
    public async Task Submit_EvalSetOnAnUnknownImportedDataset_NamesItsField()
    {
        using var http = server.CreateHttpClient();
        var response = await http.PostAsJsonAsync("/api/runs", TinyConfigs.Teacher() with { EvalSets = [new("x", "imported:not-here", "test")] }, RunConfigJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"evalSets[0].dataset\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_MissingRun_NotFound()
    {
        using var http = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/runs/987654/predictions")).StatusCode);
    }
}
