using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Security;

/// <summary>
/// The hostile-input suite against the real server: each request gets its expected 4xx (never a 5xx, never a hang), API
/// answers are JSON problem details naming the field at fault, nothing is stored (run, dataset and model counts unchanged;
/// the seeded run neither archived nor deleted), and GET /api/runs still answers 200 afterwards.
/// </summary>
public sealed class HostileRequestsTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>, IAsyncLifetime
{
    private static readonly Dictionary<string, HostileRequest> s_cases = HostileConfigCases.All()
        .Concat(HostileConfigCases.Malformed()).Concat(HostileEndpointCases.All()).ToDictionary(c => c.Name);

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    public async Task InitializeAsync()
    {
        if (await server.Store.GetAsync(HostileEndpointCases.SeededRun) is null)
            Assert.Equal(HostileEndpointCases.SeededRun, await SeededRuns.AddAsync(server.Services, TinyConfigs.Teacher("seeded")));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Suite_HasAtLeast200DistinctRequests() => Assert.True(s_cases.Count >= 200, $"{s_cases.Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileRequest_AnswersItsFourHundred_StoresNothing_ServerStaysHealthy(string name)
    {
        var hostile = s_cases[name];
        using var http = server.CreateHttpClient();
        http.Timeout = TimeSpan.FromSeconds(30);   // a hang fails the case
        var before = await CountsAsync(http);

        using var response = await http.SendAsync(hostile.ToMessage());
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == hostile.Status, $"{(int)response.StatusCode} (expected {hostile.Status}): {Shorten(body)}");
        if (hostile.Path.StartsWith("/api", StringComparison.Ordinal) || hostile.Status is 401 or 403 or 413 or 415)
            Assert.Contains("json", response.Content.Headers.ContentType?.MediaType ?? "none");
        if (hostile.Field is { } field)
        {
            var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
            Assert.True(errors.Contains(field), $"errors name {string.Join(", ", errors)}, not {field}: {Shorten(body)}");
        }

        Assert.Equal(before, await CountsAsync(http));
        var seeded = await server.Store.GetAsync(HostileEndpointCases.SeededRun);
        Assert.NotNull(seeded);
        Assert.False(seeded.Archived);
    }

    // Runs, imported datasets and registered model folders, read over the API (which must still answer 200).
    private static async Task<(int Runs, int Datasets, int Models)> CountsAsync(HttpClient http)
    {
        var runs = await http.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
        var datasets = await http.GetFromJsonAsync<JsonElement>("/api/datasets");
        var models = await http.GetFromJsonAsync<JsonElement>("/api/models");
        return ((await runs.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength(), datasets.GetArrayLength(), models.GetArrayLength());
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
