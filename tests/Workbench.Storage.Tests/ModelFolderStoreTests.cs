using Microsoft.EntityFrameworkCore;
using Workbench.Storage.Entities;

namespace Workbench.Storage.Tests;

public sealed class ModelFolderStoreTests
{
    private static ModelFolderStore Store(TestDatabase file) => new(file.Factory, TimeProvider.System);

    private static ModelFolderEntity Folder(string name, string path) => new()
    {
        Name = name, Path = path, Architecture = "LlamaForCausalLM", ModelType = "llama", ParameterCount = 12_345_678,
        VocabSize = 32_000, DType = "bfloat16", Layers = 4, HiddenSize = 256, AttentionHeads = 8, KeyValueHeads = 2,
        TiedEmbeddings = true, Tokenizer = "tokenizer.json (BPE)",
    };

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterAsync_NewFolder_StoredWithEveryFieldAndUtcTime(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);

        var (folder, error) = await Store(file).RegisterAsync(Folder("tiny", "/models/tiny"));

        Assert.Null(error);
        var stored = await Store(file).GetAsync(folder!.Id);
        Assert.NotNull(stored);
        Assert.Equal(("tiny", "/models/tiny", "LlamaForCausalLM", "llama", 12_345_678L, 32_000, "bfloat16"),
            (stored.Name, stored.Path, stored.Architecture, stored.ModelType, stored.ParameterCount, stored.VocabSize, stored.DType));
        Assert.Equal((4, 256, 8, 2, true, "tokenizer.json (BPE)"),
            (stored.Layers, stored.HiddenSize, stored.AttentionHeads, stored.KeyValueHeads, stored.TiedEmbeddings, stored.Tokenizer));
        Assert.Equal(DateTimeKind.Utc, stored.RegisteredAt.Kind);
        Assert.Equal(stored.Id, (await Store(file).GetByPathAsync("/models/tiny"))?.Id);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RegisterAsync_SamePathOrName_RefusedNamingTheField(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        await Store(file).RegisterAsync(Folder("tiny", "/models/tiny"));

        var (_, samePath) = await Store(file).RegisterAsync(Folder("other", "/models/tiny"));
        var (_, sameName) = await Store(file).RegisterAsync(Folder("tiny", "/models/other"));
        var (_, noName) = await Store(file).RegisterAsync(Folder(" ", "/models/third"));

        Assert.Equal("path", samePath?.Field);
        Assert.Contains("'tiny'", samePath!.Message);
        Assert.Equal("name", sameName?.Field);
        Assert.Equal("name", noName?.Field);
        Assert.Single(await Store(file).ListAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ListAsync_OrderedByName_DeleteRemovesOnlyThatRegistration(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var (b, _) = await Store(file).RegisterAsync(Folder("b-model", "/models/b"));
        await Store(file).RegisterAsync(Folder("a-model", "/models/a"));

        Assert.Equal(["a-model", "b-model"], (await Store(file).ListAsync()).Select(f => f.Name));
        Assert.True(await Store(file).DeleteAsync(b!.Id));
        Assert.False(await Store(file).DeleteAsync(b.Id));
        Assert.Equal(["a-model"], (await Store(file).ListAsync()).Select(f => f.Name));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrations_AppliedToFile_CreateTheUniqueIndexes(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        await using var db = await file.Factory.CreateDbContextAsync();

        var indexes = await db.Database.SqlQueryRaw<string>(provider == DatabaseProvider.Sqlite
            ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ModelFolders'"
            : "SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'ModelFolders'").ToListAsync();

        Assert.Contains("IX_ModelFolders_Name", indexes);
        Assert.Contains("IX_ModelFolders_Path", indexes);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }
}
