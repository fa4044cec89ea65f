using System.Text;
using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Workbench.Experiments.Datasets;

namespace Workbench.Storage.Tests;

public sealed class DatasetStoreTests
{
    private static DatasetStore Store(TestDatabase file) => new(file.Factory, TimeProvider.System);

    private static MemoryStream Jsonl(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

    private static string Line(int i, string? split = null) =>
        $"{{\"prompt\":\"question {i} ?\",\"completion\":\"answer {i}\",\"answer\":\"{i}\"{(split is null ? "" : $",\"split\":\"{split}\"")}}}";

    private static async Task<(int Datasets, int Samples)> CountAsync(TestDatabase file)
    {
        await using var db = await file.Factory.CreateDbContextAsync();
        return (await db.Datasets.CountAsync(), await db.DatasetSamples.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportAsync_GoodFile_StoresCountsSplitsAndHash(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var lines = Enumerable.Range(0, 20).Select(i => Line(i, i < 2 ? "test" : null)).ToArray();

        var result = await Store(file).ImportAsync("small", "small.jsonl", Jsonl(lines));

        var dataset = Assert.IsType<Storage.Entities.DatasetEntity>(result.Dataset);
        Assert.Empty(result.Errors);
        Assert.Equal(("small", "small.jsonl", 20, 2), (dataset.Name, dataset.SourceFileName, dataset.SampleCount, dataset.TestCount));
        Assert.Equal(18, dataset.TrainCount + dataset.EvalCount);
        Assert.Equal(64, dataset.Sha256.Length);
        Assert.Equal(DateTimeKind.Utc, (await Store(file).GetAsync(dataset.Id))!.CreatedAt.Kind);
        Assert.Equal((1, 20), await CountAsync(file));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportAsync_BigFileWithBadLastLine_StoresNothingAndNamesTheLine(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var lines = Enumerable.Range(0, 20_000).Select(i => Line(i)).Append("{\"prompt\":\"last\",\"completion\":7}").ToArray();

        var result = await Store(file).ImportAsync("big", "big.jsonl", Jsonl(lines));

        Assert.Null(result.Dataset);
        var error = Assert.Single(result.Errors);
        Assert.Equal((20_001, "completion"), (error.Line, error.Field));
        Assert.Equal((0, 0), await CountAsync(file));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportAsync_DatabaseFailsOnTheLastSample_RollsBackEverything(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var samples = Enumerable.Range(0, 5_000).Select(i => new DatasetSample($"p{i}", "c", null, null, DatasetSplitNames.Train))
            .Append(new DatasetSample(null!, "c", null, null, DatasetSplitNames.Train))   // NOT NULL violated by the last row
            .ToList();

        await Assert.ThrowsAnyAsync<Exception>(() => Store(file).ImportAsync("broken", "b.jsonl", new string('0', 64), samples));

        Assert.Equal((0, 0), await CountAsync(file));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportAsync_NameTaken_RefusedAndFirstKept(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        await Store(file).ImportAsync("dup", "a.jsonl", Jsonl(Line(1)));

        var second = await Store(file).ImportAsync("dup", "b.jsonl", Jsonl(Line(2), Line(3)));

        Assert.Null(second.Dataset);
        Assert.Equal("name", Assert.Single(second.Errors).Field);
        Assert.Equal((1, 1), await CountAsync(file));
    }

    [Theory]
    [InlineData("../escape", "a.jsonl", "name")]
    [InlineData("ok", "../../a.jsonl", "file")]
    [InlineData("arithmetic", "a.jsonl", "name")]
    public async Task ImportAsync_BadNames_RefusedBeforeReading(string name, string fileName, string field)
    {
        await using var file = await TestDatabase.CreateMigratedAsync();
        var result = await Store(file).ImportAsync(name, fileName, Jsonl(Line(1)));
        Assert.Equal(field, Assert.Single(result.Errors).Field);
        Assert.Equal((0, 0), await CountAsync(file));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetSamplesAsync_SplitAndPage_InFileOrderWithTotal(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var lines = Enumerable.Range(0, 30).Select(i => Line(i, i % 3 == 0 ? "eval" : "train")).ToArray();
        var dataset = (await Store(file).ImportAsync("paged", "p.jsonl", Jsonl(lines))).Dataset!;

        var page = await Store(file).GetSamplesAsync(dataset.Id, DatasetSplitNames.Eval, offset: 2, limit: 3);

        Assert.Equal(10, page.Total);
        Assert.Equal([6, 9, 12], page.Items.Select(s => s.Index));
        Assert.Equal("question 6 ?", page.Items[0].ToSample().Prompt);
        Assert.Equal(30, (await Store(file).GetSamplesAsync(dataset.Id, null, 0, 1000)).Total);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeleteAsync_Dataset_RemovesItsSamplesOnly(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var keep = (await Store(file).ImportAsync("keep", "k.jsonl", Jsonl(Line(1), Line(2)))).Dataset!;
        var drop = (await Store(file).ImportAsync("drop", "d.jsonl", Jsonl(Line(3), Line(4), Line(5)))).Dataset!;

        Assert.True(await Store(file).DeleteAsync(drop.Id));
        Assert.False(await Store(file).DeleteAsync(drop.Id));

        Assert.Equal((1, 2), await CountAsync(file));
        Assert.NotNull(await Store(file).GetAsync(keep.Id));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ExportAsync_Dataset_WritesJsonlThatParsesBackIdentically(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var root = Directory.CreateTempSubdirectory("wb-export-").FullName;
        try
        {
            var source = """
                {"prompt":"ann has 3 pens . it rains . <b>","completion":"3","answer":"3","confounder_spans":[[17,27]],"split":"test"}
                {"prompt":"😀 q","completion":"c"}
                """;
            var original = new JsonlDatasetParser().Parse(Encoding.UTF8.GetBytes(source)).Samples;
            var dataset = (await Store(file).ImportAsync("exp", "e.jsonl", Jsonl(source))).Dataset!;

            var path = await Store(file).ExportAsync(dataset.Id, root);

            Assert.Equal(Path.Combine(root, "datasets", $"{dataset.Id}.jsonl"), path);
            var reread = new JsonlDatasetParser().Parse(await File.ReadAllBytesAsync(path!)).Samples;
            Assert.Equal(original.Count, reread.Count);
            for (var i = 0; i < original.Count; i++)
            {
                Assert.Equal(original[i] with { ConfounderSpans = null }, reread[i] with { ConfounderSpans = null });
                Assert.Equal(original[i].ConfounderSpans ?? [], reread[i].ConfounderSpans ?? []);
            }
            Assert.Null(await Store(file).ExportAsync(dataset.Id + 100, root));

            Assert.True(await Store(file).DeleteAsync(dataset.Id, root));
            Assert.False(File.Exists(path));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void ExportPath_InvalidId_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetStore.ExportPath("/tmp/data", 0));

    [Fact]
    public void SpansJson_RoundTrips()
    {
        CharSpan[] spans = [new(0, 3), new(5, 9)];
        Assert.Equal("[[0,3],[5,9]]", DatasetSampleMapping.SpansToJson(spans));
        Assert.Equal(spans, DatasetSampleMapping.ParseSpans("[[0,3],[5,9]]"));
        Assert.Null(DatasetSampleMapping.ParseSpans(null));
    }
}
