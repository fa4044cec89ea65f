using System.Text;
using Microsoft.EntityFrameworkCore;
using Workbench.Experiments.Datasets;
using Workbench.Tests.Shared;

namespace Workbench.Storage.Tests;

public sealed class DatasetStoreAddSplitTests
{
    private static DatasetStore Store(TestDatabase file) => new(file.Factory, TimeProvider.System);

    private static MemoryStream Jsonl(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<int> ImportGsmIcAsync(TestDatabase file)
    {
        await using var train = File.OpenRead(GsmIcStyleFixture.Train);
        return (await Store(file).ImportAsync("gsm-ic", "train.jsonl", train)).Dataset!.Id;
    }

    private static async Task<int> SampleRowsAsync(TestDatabase file)
    {
        await using var db = await file.Factory.CreateDbContextAsync();
        return await db.DatasetSamples.CountAsync();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddSplitAsync_OodFile_StoredAfterTheFirstFileAndCountedByName(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var id = await ImportGsmIcAsync(file);

        await using var ood = File.OpenRead(GsmIcStyleFixture.Ood);
        var result = await Store(file).AddSplitAsync(id, "OOD", "ood.jsonl", ood);

        Assert.Empty(result.Errors);
        Assert.Equal(52, result.Dataset!.SampleCount);
        Assert.Equal([("train", 32), ("eval", 8), ("ood", 12)], (await Store(file).GetSplitCountsAsync(id)).Select(c => (c.Split, c.Count)));
        var page = await Store(file).GetSamplesAsync(id, "ood", 0, 100);
        Assert.Equal(Enumerable.Range(40, 12), page.Items.Select(s => s.Index));
        Assert.Equal("868", page.Items[0].Answer);   // a JSON number in the file
        Assert.NotNull(page.Items[0].ConfounderSpansJson);
        Assert.Equal("24.75", (await Store(file).GetSamplesAsync(id, "train", 2, 1)).Items[0].Answer);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddSplitAsync_ThenExport_TheWorkerFileHoldsEverySplit(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var id = await ImportGsmIcAsync(file);
        await using (var ood = File.OpenRead(GsmIcStyleFixture.Ood)) await Store(file).AddSplitAsync(id, null, "ood.jsonl", ood);
        var root = Directory.CreateTempSubdirectory("wb-split-export-").FullName;
        try
        {
            var path = await Store(file).ExportAsync(id, root);

            var samples = new JsonlDatasetParser().Parse(await File.ReadAllBytesAsync(path!)).Samples;
            Assert.Equal(new Dictionary<string, int> { ["train"] = 32, ["eval"] = 8, ["ood"] = 12 },
                         samples.GroupBy(s => s.Split).ToDictionary(g => g.Key, g => g.Count()));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Theory]
    [InlineData("ood")]
    [InlineData(null)]   // the file's own "split": "ood" on every line
    public async Task AddSplitAsync_SplitTheDatasetHas_ConflictNamingSplitAndNothingStored(string? split)
    {
        await using var file = await TestDatabase.CreateMigratedAsync();
        var id = await ImportGsmIcAsync(file);
        await using (var ood = File.OpenRead(GsmIcStyleFixture.Ood)) await Store(file).AddSplitAsync(id, "ood", "ood.jsonl", ood);

        await using var again = File.OpenRead(GsmIcStyleFixture.Ood);
        var result = await Store(file).AddSplitAsync(id, split, "ood-again.jsonl", again);

        Assert.True(result.Conflict);
        Assert.Null(result.Dataset);
        var error = Assert.Single(result.Errors);
        Assert.Equal("split", error.Field);
        Assert.Contains("'ood'", error.Reason);
        Assert.Equal(52, await SampleRowsAsync(file));
        Assert.Equal(52, (await Store(file).GetAsync(id))!.SampleCount);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddSplitAsync_LinesWithoutSplitField_HashedIntoTrainAndEvalWhichExist_Conflict(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var id = await ImportGsmIcAsync(file);

        var result = await Store(file).AddSplitAsync(id, null, "more.jsonl", Jsonl("{\"prompt\":\"p\",\"completion\":\"c\"}"));

        Assert.True(result.Conflict);
        Assert.Equal(40, await SampleRowsAsync(file));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddSplitAsync_BadLines_EveryLineFieldAndReasonAndNothingStored(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var id = await ImportGsmIcAsync(file);
        var bad = """
            {"prompt":"Ann has 13 pens.","completion":"13","answer":13}
            {"prompt":"Ben has 14 pens.","completion":"14","answer":[14]}
            {"prompt":"Cara has 15 pens.","completion":"15","answer":15}
            {"prompt":"Dev has 16 pens.","completion":16,"confounder_spans":[[0,99]]}
            """;

        var result = await Store(file).AddSplitAsync(id, "ood", "bad.jsonl", Jsonl(bad));

        Assert.False(result.Conflict);
        Assert.Null(result.Dataset);
        Assert.Equal([(2, "answer"), (4, "completion"), (4, "confounder_spans[0]")], result.Errors.Select(e => (e.Line, e.Field)));
        Assert.Equal(40, await SampleRowsAsync(file));
        Assert.DoesNotContain(await Store(file).GetSplitCountsAsync(id), c => c.Split == "ood");
    }

    [Theory]
    [InlineData("held out", "ood.jsonl", "split")]
    [InlineData("ood", "../ood.jsonl", "file")]
    public async Task AddSplitAsync_BadSplitOrFileName_RefusedNamingTheField(string split, string fileName, string field)
    {
        await using var file = await TestDatabase.CreateMigratedAsync();
        var id = await ImportGsmIcAsync(file);
        await using var ood = File.OpenRead(GsmIcStyleFixture.Ood);

        var result = await Store(file).AddSplitAsync(id, split, fileName, ood);

        Assert.Equal(field, Assert.Single(result.Errors).Field);
        Assert.Equal(40, await SampleRowsAsync(file));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddSplitAsync_UnknownDataset_RefusedNamingDataset(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        await using var ood = File.OpenRead(GsmIcStyleFixture.Ood);

        var result = await Store(file).AddSplitAsync(4242, "ood", "ood.jsonl", ood);

        Assert.Equal("dataset", Assert.Single(result.Errors).Field);
        Assert.Equal(0, await SampleRowsAsync(file));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetSplitCountsAsync_SeveralDatasets_UsualSplitsFirstThenInAddedOrder(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var a = (await Store(file).ImportAsync("a", "a.jsonl", Jsonl("""
            {"prompt":"1","completion":"c","split":"iid"}
            {"prompt":"2","completion":"c","split":"test"}
            {"prompt":"3","completion":"c","split":"train"}
            {"prompt":"4","completion":"c","split":"iid"}
            """))).Dataset!.Id;
        var b = (await Store(file).ImportAsync("b", "b.jsonl", Jsonl("{\"prompt\":\"1\",\"completion\":\"c\",\"split\":\"train\"}"))).Dataset!.Id;
        await Store(file).AddSplitAsync(a, "heldout-2", "h.jsonl", Jsonl("{\"prompt\":\"5\",\"completion\":\"c\"}"));

        var counts = await Store(file).GetSplitCountsAsync([a, b]);

        Assert.Equal([("train", 1), ("test", 1), ("iid", 2), ("heldout-2", 1)], counts[a].Select(c => (c.Split, c.Count)));
        Assert.Equal([("train", 1)], counts[b].Select(c => (c.Split, c.Count)));
    }
}
