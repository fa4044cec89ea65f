using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

public sealed class TeacherStoresApiTests : IAsyncLifetime
{
    // A 1 MB budget over three 0.6 MB files: eviction keeps the most recently used one.
    private readonly WorkbenchServer _server = WorkbenchServer.WithSettings(new Dictionary<string, string> { ["Workbench:TeacherStoreBudgetMb"] = "1" });

    private string Folder => Directory.CreateDirectory(Path.Combine(_server.DataDirectory, "teacher-cache")).FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string WriteStoreFile(char digit, int hoursAgo)
    {
        var name = $"logits-{new string(digit, 32)}.bin";
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, new byte[600_000]);   // not a valid store: listed as unreadable, rebuilt by the next run
        File.SetLastAccessTimeUtc(path, DateTime.UtcNow.AddHours(-hoursAgo));
        return name;
    }

    [Fact]
    public async Task ListDeleteEvict_StoreFiles_SizesBudgetAndLeastRecentlyUsedFirst()
    {
        using var http = _server.CreateHttpClient();
        var oldest = WriteStoreFile('a', 3);
        var middle = WriteStoreFile('b', 2);
        var newest = WriteStoreFile('c', 1);
        File.WriteAllText(Path.Combine(Folder, "topk-0123.bin"), "another cache: never listed nor deleted");

        var listed = await http.GetFromJsonAsync<JsonElement>("/api/teacher-stores");
        Assert.Equal([newest, middle, oldest], listed.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(1_800_000, listed.GetProperty("totalBytes").GetInt64());
        Assert.Equal(1_000_000, listed.GetProperty("budgetBytes").GetInt64());

        var evicted = await (await http.PostAsync("/api/teacher-stores/evict", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([oldest, middle], evicted.GetProperty("evicted").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/teacher-stores/{newest}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/api/teacher-stores/{newest}")).StatusCode);
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("/api/teacher-stores")).GetProperty("files").EnumerateArray());
        Assert.True(File.Exists(Path.Combine(Folder, "topk-0123.bin")));
    }

    [Theory]
    [InlineData("topk-0123.bin")]
    [InlineData("logits-XYZ.bin")]
    [InlineData("..%2Fworkbench.db")]
    public async Task Delete_NotAStoreFileName_400NamingTheField(string name)
    {
        using var http = _server.CreateHttpClient();
        var response = await http.DeleteAsync($"/api/teacher-stores/{name}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        Assert.True(File.Exists(Path.Combine(_server.DataDirectory, "workbench.db")));
    }
}
