using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Experiments.Datasets;
using Workbench.Experiments.Leaf;
using Workbench.Tests.Shared;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

/// <summary>An imported JSONL dataset used by real runs: supervised, then LeaF with the file's gold spans.</summary>
public sealed class ImportedDatasetRunTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    // Punctuation sticks to words ("pens."): the dataset's own tokenizer splits it off, so offsets are not space-based.
    private static string Jsonl()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            var (a, d) = (2 + i % 7, 3 + i % 5);
            const string prefix = "Ann has ";
            var distractor = $"Tom is {d} years old.";
            var prompt = $"{prefix}{a} pens. {distractor} How many pens does Ann have?";
            var start = prompt.IndexOf(distractor, StringComparison.Ordinal);
            var split = i < 32 ? "train" : "eval";
            lines.AppendLine($$"""{"prompt":"{{prompt}}","completion":"{{a}}","confounder_spans":[[{{start}},{{start + distractor.Length}}]],"split":"{{split}}"}""");
        }
        return lines.ToString();
    }

    [Fact]
    public async Task Runs_OnAnImportedDataset_TrainAndDetectAgainstItsGoldSpans()
    {
        using var http = server.CreateHttpClient();
        var form = new MultipartFormDataContent
        {
            { new StringContent("pens-and-ages"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Jsonl())), "file", "pens.jsonl" },
        };
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/datasets", form)).StatusCode);
        var dataset = DatasetRefs.Imported("pens-and-ages");

        await http.SubmitAsync(TinyConfigs.Teacher("imported-teacher", 20) with { Dataset = dataset });
        await http.SubmitAsync(TinyConfigs.Teacher("imported-student", 10) with { Dataset = dataset });
        var leaf = await http.SubmitAsync(TinyConfigs.Distill("imported-teacher", 4) with
        {
            Name = "imported-leaf",
            Dataset = dataset,
            Student = new ModelRef { Checkpoint = "imported-student" },
            Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }],
            Leaf = new LeafConfig(),
        });

        var run = await server.WaitForTerminalAsync(leaf, TimeSpan.FromMinutes(2));
        Assert.True(run.Status == RunStatus.Completed, run.Error);
        var page = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{leaf}/leaf/samples?limit=1");
        Assert.Equal(32, page.GetProperty("total").GetInt32());
        var sample = page.GetProperty("samples")[0];
        var tokens = sample.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal<string>(["Ann", "has", "2", "pens", ".", "Tom", "is", "3", "years", "old", ".", "How", "many", "pens", "does", "Ann", "have", "?"], tokens);
        Assert.Equal([[16, 35]], sample.GetProperty("goldSpans").EnumerateArray().Select(g => g.EnumerateArray().Select(x => x.GetInt32()).ToArray()));
        Assert.NotEmpty(sample.GetProperty("counterfactuals").EnumerateArray());
    }

    [Fact]
    public async Task Runs_OnAnImportedDatasetWithAnAddedOodSplit_TrainAndDistil()
    {
        using var http = server.CreateHttpClient();
        var import = new MultipartFormDataContent { { new StringContent("gsm-ic-runs"), "name" },
                                                    { new ByteArrayContent(await File.ReadAllBytesAsync(GsmIcStyleFixture.Train)), "file", "train.jsonl" } };
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/datasets", import)).StatusCode);
        var addOod = new MultipartFormDataContent { { new StringContent("ood"), "split" },
                                                    { new ByteArrayContent(await File.ReadAllBytesAsync(GsmIcStyleFixture.Ood)), "file", "ood.jsonl" } };
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/datasets/gsm-ic-runs/splits", addOod)).StatusCode);
        var dataset = DatasetRefs.Imported("gsm-ic-runs");
        var student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 128 };

        // The vocabulary is built over every split, so the OOD numbers are words of it, and the "ood" split (no distractor
        // numbers of the built-in kind) must not trip the built-in distractor metrics.
        var teacher = await http.SubmitAsync(TinyConfigs.Teacher("gsm-ic-teacher", 10) with { Dataset = dataset, Student = student });
        var leaf = await http.SubmitAsync(TinyConfigs.Distill("gsm-ic-teacher", 4) with
        {
            Name = "gsm-ic-leaf",
            Dataset = dataset,
            Student = new ModelRef { Checkpoint = "gsm-ic-teacher" },
            Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }],
            Leaf = new LeafConfig(),
        });

        foreach (var id in new[] { teacher, leaf })
        {
            var run = await server.WaitForTerminalAsync(id, TimeSpan.FromMinutes(2));
            Assert.True(run.Status == RunStatus.Completed, run.Error);
        }
        var page = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{leaf}/leaf/samples?limit=1");
        Assert.Equal(GsmIcStyleFixture.TrainLines, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Submit_UnknownImportedDataset_NamesTheDatasetField()
    {
        using var http = server.CreateHttpClient();
        var response = await http.PostAsJsonAsync("/api/runs", TinyConfigs.Teacher() with { Dataset = DatasetRefs.Imported("nothing-here") }, RunConfigJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"dataset\"", await response.Content.ReadAsStringAsync());
    }
}
