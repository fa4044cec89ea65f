using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Experiments;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

/// <summary>An API user clones a run the way the Clone button does: GET its config, edit it, POST it.</summary>
public sealed class RunCloneApiTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    [Fact]
    public async Task GetConfig_EditedAndPostedBack_QueuesARunWithTheEditAndEveryOtherFieldKept()
    {
        using var http = server.CreateHttpClient();
        var original = TinyConfigs.Teacher("clone-source", steps: 20) with
        {
            CheckpointEvery = 10, WarmupSteps = 3, Schedule = LearningRateSchedules.Linear, GradClip = 0.5, WeightDecay = 0.02,
        };
        var created = await http.PostAsJsonAsync("/api/runs", original, RunConfigJson.Options);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var config = (await http.GetFromJsonAsync<JsonObject>($"/api/runs/{id}"))!["config"]!.AsObject();
        config["name"] = "clone-source-clone";
        config["seed"] = 7;
        var cloned = await http.PostAsync("/api/runs", new StringContent(config.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(cloned.IsSuccessStatusCode, await cloned.Content.ReadAsStringAsync());
        var cloneId = (await cloned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var stored = RunConfigJson.Deserialize((await server.Store.GetAsync(cloneId))!.ConfigJson);
        Assert.Equal(RunConfigJson.Serialize(original with { Name = "clone-source-clone", Seed = 7 }), RunConfigJson.Serialize(stored));
    }
}
