using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage;

public static class DatabaseInitializer
{
    /// <summary>Creates the file if needed, applies migrations, and turns on WAL so pages read while the ingestor writes.</summary>
    public static async Task MigrateAsync(WorkbenchDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
