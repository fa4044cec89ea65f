using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

public sealed class ObjectivesApiTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    [Fact]
    public async Task Objectives_Always_ListEveryDescriptorWithItsParameters()
    {
        using var http = server.CreateHttpClient();
        var objectives = await http.GetFromJsonAsync<JsonElement>("/api/objectives");

        Assert.Equal(ObjectiveKinds.All, objectives.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        var jsd = objectives.EnumerateArray().Single(o => o.GetProperty("name").GetString() == ObjectiveKinds.Jsd);
        var beta = jsd.GetProperty("parameters")[0];
        Assert.Equal(("beta", "number", 0.5, 0.0, 1.0), (beta.GetProperty("field").GetString(), beta.GetProperty("type").GetString(),
            beta.GetProperty("default").GetDouble(), beta.GetProperty("min").GetDouble(), beta.GetProperty("max").GetDouble()));
        var uld = objectives.EnumerateArray().Single(o => o.GetProperty("name").GetString() == ObjectiveKinds.Uld);
        Assert.True(uld.GetProperty("worksAcrossTokenizers").GetBoolean());
        Assert.Equal("aligned_logits", uld.GetProperty("reads").GetString());
        var hidden = objectives.EnumerateArray().Single(o => o.GetProperty("name").GetString() == ObjectiveKinds.HiddenMse);
        Assert.Equal(ObjectiveTerm.LayerMapUniform, hidden.GetProperty("defaultLayerMap").GetString());
    }
}
