using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage;

public static class DatabaseInitializer
{
    /// <summary>
    /// Applies the provider's migrations (creating the SQLite file if needed). On SQLite it also turns on WAL so pages read
    /// while the ingestor writes; PostgreSQL readers never wait on writers anyway.
    /// </summary>
    public static async Task MigrateAsync(WorkbenchDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
