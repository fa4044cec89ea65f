using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Experiments;

namespace Workbench.Web.Tests.Shared;

/// <summary>Submitting runs over the real API, as a script would.</summary>
public static class RunSubmission
{
    /// <summary>POSTs <paramref name="config"/> to /api/runs, asserts 201 (showing the body otherwise) and returns the run id.</summary>
    public static async Task<int> SubmitAsync(this HttpClient http, RunConfig config)
    {
        var response = await http.PostAsJsonAsync("/api/runs", config, RunConfigJson.Options);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }
}
