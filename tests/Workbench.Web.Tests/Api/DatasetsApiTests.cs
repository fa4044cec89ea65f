using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

public sealed class DatasetsApiTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    private const string GoodJsonl = """
        {"prompt":"ann has 3 pens . it is sunny . how many pens ?","completion":"3","answer":"3","confounder_spans":[[17,29]],"split":"test"}
        {"prompt":"ben has 2 cards . how many cards ?","completion":"2","split":"eval"}
        {"prompt":"cara has 5 coins . how many coins ?","completion":"5","split":"train"}
        {"prompt":"dan has 7 books . how many books ?","completion":"7","split":"train"}
        """;

    private static MultipartFormDataContent Upload(string? name, string content, string fileName = "data.jsonl")
    {
        var form = new MultipartFormDataContent();
        if (name is not null) form.Add(new StringContent(name), "name");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", fileName);
        return form;
    }

    private static async Task<JsonElement> ErrorsOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<string?>> ImportedNamesAsync(HttpClient http) =>
        [.. (await http.GetFromJsonAsync<JsonElement>("/api/datasets")).EnumerateArray()
            .Where(d => !d.GetProperty("builtIn").GetBoolean()).Select(d => d.GetProperty("name").GetString())];

    [Fact]
    public async Task Post_GoodFile_CreatedListedWithCountsAndPagedSamples()
    {
        using var http = server.CreateHttpClient();

        var response = await http.PostAsync("/api/datasets", Upload("api-good", GoodJsonl));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/datasets/{id}", response.Headers.Location?.OriginalString);

        var listed = (await http.GetFromJsonAsync<JsonElement>("/api/datasets")).EnumerateArray().ToList();
        Assert.Contains(listed, d => d.GetProperty("name").GetString() == "arithmetic" && d.GetProperty("builtIn").GetBoolean());
        var mine = listed.Single(d => d.GetProperty("name").GetString() == "api-good");
        Assert.Equal(4, mine.GetProperty("sampleCount").GetInt32());
        var splits = mine.GetProperty("splits");
        Assert.Equal((2, 1, 1), (splits.GetProperty("train").GetInt32(), splits.GetProperty("eval").GetInt32(), splits.GetProperty("test").GetInt32()));
        Assert.Equal("data.jsonl", mine.GetProperty("sourceFileName").GetString());

        var train = await http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/samples?split=train&offset=1&limit=5");
        Assert.Equal(2, train.GetProperty("total").GetInt32());
        var only = Assert.Single(train.GetProperty("items").EnumerateArray());
        Assert.Equal(3, only.GetProperty("index").GetInt32());

        var test = await http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/samples?split=test");
        var spans = test.GetProperty("items")[0].GetProperty("confounderSpans");
        Assert.Equal("[[17,29]]", spans.GetRawText());

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/api/datasets/{id}")).StatusCode);
    }

    [Fact]
    public async Task Post_BadLines_400WithLineNumbersAndNothingStored()
    {
        using var http = server.CreateHttpClient();
        var bad = GoodJsonl + "\n\n{\"prompt\":\"x\",\"completion\":5}\n{\"prompt\":\"abc\",\"completion\":\"y\",\"confounder_spans\":[[2,9]]}\n";

        var problem = await ErrorsOf(await http.PostAsync("/api/datasets", Upload("api-bad", bad)));

        var errors = problem.GetProperty("errors");
        Assert.Contains("string", errors.GetProperty("lines[6].completion")[0].GetString());
        Assert.Contains("past the end", errors.GetProperty("lines[7].confounder_spans[0]")[0].GetString());
        Assert.Equal(2, problem.GetProperty("errorCount").GetInt32());
        Assert.Equal(6, problem.GetProperty("lineErrors")[0].GetProperty("line").GetInt32());
        Assert.DoesNotContain("api-bad", await ImportedNamesAsync(http));
    }

    [Theory]
    [InlineData("../../evil", "data.jsonl", "name")]
    [InlineData("ok-name", "../../../etc/passwd", "file")]
    [InlineData("ok-name", "..\\..\\x.jsonl", "file")]
    [InlineData("", "data.jsonl", "name")]
    public async Task Post_PathTraversalOrMissingName_400NamingTheField(string name, string fileName, string field)
    {
        using var http = server.CreateHttpClient();

        var problem = await ErrorsOf(await http.PostAsync("/api/datasets", Upload(name, GoodJsonl, fileName)));

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain(name, await ImportedNamesAsync(http));
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "..", "evil")));
    }

    [Fact]
    public async Task Post_NoFilePart_400NamingFile()
    {
        using var http = server.CreateHttpClient();
        using var form = new MultipartFormDataContent { { new StringContent("nofile"), "name" } };

        var problem = await ErrorsOf(await http.PostAsync("/api/datasets", form));

        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task Post_NotMultipart_UnsupportedMediaType()
    {
        using var http = server.CreateHttpClient();
        var response = await http.PostAsync("/api/datasets", new StringContent(GoodJsonl, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Post_SameNameTwice_SecondRefused()
    {
        using var http = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/datasets", Upload("api-twice", GoodJsonl))).StatusCode);

        var problem = await ErrorsOf(await http.PostAsync("/api/datasets", Upload("api-twice", GoodJsonl)));

        Assert.Contains("already exists", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task Samples_UnknownSplitOrDataset_400Or404()
    {
        using var http = server.CreateHttpClient();
        var response = await http.PostAsync("/api/datasets", Upload("api-samples", GoodJsonl));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var problem = await ErrorsOf(await http.GetAsync($"/api/datasets/{id}/samples?split=held%20out"));
        Assert.True(problem.GetProperty("errors").TryGetProperty("split", out _));
        var none = await http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/samples?split=validation");   // a name, just not one it has
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/datasets/99999/samples")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesDatasetEndpoints()
    {
        using var http = server.CreateHttpClient();
        var document = await http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/datasets/{id}/samples", document);
        Assert.Contains("multipart/form-data", document);
    }
}
