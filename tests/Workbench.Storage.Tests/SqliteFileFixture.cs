using Microsoft.EntityFrameworkCore;
using Workbench.Storage;

namespace Workbench.Storage.Tests;

/// <summary>A real SQLite file in a temp folder with the real migrations applied.</summary>
public sealed class SqliteFile : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wb-storage-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "workbench.db");

    public IDbContextFactory<WorkbenchDbContext> Factory { get; }


    private SqliteFile() => Factory = new ContextFactory(
        new DbContextOptionsBuilder<WorkbenchDbContext>().UseSqlite($"Data Source={Path};Pooling=False").Options);

    public static async Task<SqliteFile> CreateMigratedAsync()
    {
        var file = new SqliteFile();
        await using var db = await file.Factory.CreateDbContextAsync();
        await DatabaseInitializer.MigrateAsync(db);
        return file;
    }

    public RunStore Store(TimeProvider? time = null) => new(Factory, time ?? TimeProvider.System);

    private sealed class ContextFactory(DbContextOptions<WorkbenchDbContext> options) : IDbContextFactory<WorkbenchDbContext>
    {
        public WorkbenchDbContext CreateDbContext() => new(options);
    }

    public ValueTask DisposeAsync()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
