using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage;

/// <summary>
/// Points a context at its provider. One model, one set of migrations per provider (EF Core's "migrations with multiple
/// providers", one context type): SQLite's in this assembly, PostgreSQL's in <see cref="PostgreSqlMigrationsAssembly"/>,
/// each added with <c>dotnet ef</c> from the same model.
/// </summary>
public static class WorkbenchDatabase
{
    public const string PostgreSqlMigrationsAssembly = "Workbench.Storage.PostgreSql";

    public static DbContextOptionsBuilder Configure(this DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        _ = settings.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(settings.ConnectionString),
            DatabaseProvider.PostgreSql => options.UseNpgsql(settings.ConnectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly)),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider."),
        };
        return options;
    }

    public static DbContextOptions<WorkbenchDbContext> Options(DatabaseSettings settings)
    {
        var options = new DbContextOptionsBuilder<WorkbenchDbContext>();
        options.Configure(settings);
        return options.Options;
    }
}
