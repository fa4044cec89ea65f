using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Tests.Shared;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

/// <summary>POST /api/datasets/{name}/splits on a real server, with the GSM-IC-style fixture.</summary>
public sealed class DatasetSplitsApiTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    private static MultipartFormDataContent Upload(byte[] content, string fileName, string? split = null, string? name = null)
    {
        var form = new MultipartFormDataContent();
        if (name is not null) form.Add(new StringContent(name), "name");
        if (split is not null) form.Add(new StringContent(split), "split");
        form.Add(new ByteArrayContent(content), "file", fileName);
        return form;
    }

    private static async Task ImportTrainAsync(HttpClient http, string name)
    {
        var response = await http.PostAsync("/api/datasets", Upload(await File.ReadAllBytesAsync(GsmIcStyleFixture.Train), "train.jsonl", name: name));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> AddOodAsync(HttpClient http, string name, string? split = "ood") =>
        await http.PostAsync($"/api/datasets/{name}/splits", Upload(await File.ReadAllBytesAsync(GsmIcStyleFixture.Ood), "ood.jsonl", split));

    private static async Task<JsonElement> DatasetAsync(HttpClient http, string name) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/datasets")).EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);

    [Fact]
    public async Task PostSplit_OodFile_200WithCountsPerSplitAndItsSamples()
    {
        using var http = server.CreateHttpClient();
        await ImportTrainAsync(http, "splits-gsm-ic");

        var response = await AddOodAsync(http, "splits-gsm-ic");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dataset = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(52, dataset.GetProperty("sampleCount").GetInt32());
        Assert.Equal("""{"train":32,"eval":8,"test":0,"ood":12}""", dataset.GetProperty("splits").GetRawText());
        Assert.Equal(dataset.GetProperty("splits").GetRawText(), (await DatasetAsync(http, "splits-gsm-ic")).GetProperty("splits").GetRawText());
        var id = dataset.GetProperty("id").GetInt32();
        var ood = await http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/samples?split=ood&limit=1");
        Assert.Equal(12, ood.GetProperty("total").GetInt32());
        var first = ood.GetProperty("items")[0];
        Assert.Equal(("ood", "868", 40), (first.GetProperty("split").GetString(), first.GetProperty("answer").GetString(), first.GetProperty("index").GetInt32()));
    }

    [Fact]
    public async Task PostSplit_BadLines_400WithEveryLineFieldAndReasonAndNothingStored()
    {
        using var http = server.CreateHttpClient();
        await ImportTrainAsync(http, "splits-bad");
        var bad = """
            {"prompt":"Ann has 13 pens.","completion":"13","answer":13}
            {"prompt":"Ben has 14 pens.","completion":"14","answer":{"n":14}}

            {"prompt":"Dev has 16 pens.","completion":16,"split":"ood"}
            not json
            """;

        var response = await http.PostAsync("/api/datasets/splits-bad/splits", Upload(Encoding.UTF8.GetBytes(bad), "bad.jsonl", "ood"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, problem.GetProperty("errorCount").GetInt32());
        Assert.Equal([(2, "answer"), (4, "completion"), (5, "line")],
            problem.GetProperty("lineErrors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())));
        Assert.Contains("found an object", problem.GetProperty("errors").GetProperty("lines[2].answer")[0].GetString());
        Assert.Equal("""{"train":32,"eval":8,"test":0}""", (await DatasetAsync(http, "splits-bad")).GetProperty("splits").GetRawText());
    }

    [Theory]
    [InlineData("ood")]
    [InlineData(null)]   // the file's own "split" fields say ood
    public async Task PostSplit_SplitTheDatasetHas_409NamingSplit(string? split)
    {
        using var http = server.CreateHttpClient();
        var name = "splits-twice-" + (split ?? "file");
        await ImportTrainAsync(http, name);
        Assert.Equal(HttpStatusCode.OK, (await AddOodAsync(http, name)).StatusCode);

        var response = await AddOodAsync(http, name, split);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("'ood'", problem.GetProperty("errors").GetProperty("split")[0].GetString());
        Assert.Equal(52, (await DatasetAsync(http, name)).GetProperty("sampleCount").GetInt32());
    }

    [Fact]
    public async Task PostSplit_InvalidSplitNameNoFileOrUnknownDataset_4xxNamingTheField()
    {
        using var http = server.CreateHttpClient();
        await ImportTrainAsync(http, "splits-invalid");

        var badName = await AddOodAsync(http, "splits-invalid", "held out");
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.True((await badName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("split", out _));

        using var noFile = new MultipartFormDataContent { { new StringContent("ood"), "split" } };
        var missing = await http.PostAsync("/api/datasets/splits-invalid/splits", noFile);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("file", out _));

        Assert.Equal(HttpStatusCode.NotFound, (await AddOodAsync(http, "no-such-dataset")).StatusCode);
        Assert.Equal(40, (await DatasetAsync(http, "splits-invalid")).GetProperty("sampleCount").GetInt32());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesAddSplit()
    {
        using var http = server.CreateHttpClient();
        Assert.Contains("/api/datasets/{name}/splits", await http.GetStringAsync("/openapi/v1.json"));
    }
}
