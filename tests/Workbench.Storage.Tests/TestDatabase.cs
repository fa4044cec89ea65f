using Microsoft.EntityFrameworkCore;
using Workbench.Storage;
using Workbench.Tests.Shared;

namespace Workbench.Storage.Tests;

/// <summary>
/// A real database with the real migrations applied: a SQLite file in a temp folder, or a fresh database on the test
/// process's own PostgreSQL server (<see cref="PostgreSqlServer"/>). The store tests run on both.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wb-storage-").FullName;

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file (SQLite only).</summary>
    public string Path => System.IO.Path.Combine(_directory, "workbench.db");

    public DatabaseSettings Settings { get; }

    public IDbContextFactory<WorkbenchDbContext> Factory { get; }

    /// <summary>Every provider, for <c>[Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]</c>.</summary>
    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Sqlite, DatabaseProvider.PostgreSql);

    private TestDatabase(DatabaseProvider provider, string? connectionString)
    {
        Provider = provider;
        Settings = provider == DatabaseProvider.Sqlite
            ? new DatabaseSettings(provider, $"Data Source={Path};Pooling=False")
            : new DatabaseSettings(provider, connectionString!);
        Factory = FactoryFor(Settings);
    }

    /// <summary>Another context factory (for PostgreSQL, another connection pool when the string differs) on the same database.</summary>
    public static IDbContextFactory<WorkbenchDbContext> FactoryFor(DatabaseSettings settings) => new ContextFactory(WorkbenchDatabase.Options(settings));

    public static async Task<TestDatabase> CreateMigratedAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var connectionString = provider == DatabaseProvider.PostgreSql ? await (await PostgreSqlServer.SharedAsync()).CreateDatabaseAsync() : null;
        var database = new TestDatabase(provider, connectionString);
        await using var db = await database.Factory.CreateDbContextAsync();
        await DatabaseInitializer.MigrateAsync(db);
        return database;
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
