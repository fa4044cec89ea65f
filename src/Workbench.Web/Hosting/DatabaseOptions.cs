using Workbench.Storage;

namespace Workbench.Web.Hosting;

/// <summary>The "Workbench:Database" section: which provider, and for PostgreSQL its connection string.</summary>
public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (the default: workbench.db in the data directory) or <c>postgresql</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>PostgreSQL: <c>Host=...;Database=...;Username=...</c>; SQLite: empty for the data directory's file, or <c>Data Source=&lt;file&gt;</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite on the data directory's workbench.db, which <see cref="DatabaseGuard"/> checks before start-up.</summary>
    public bool UsesDataDirectoryFile => Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString);

    public DatabaseSettings Resolve(string sqliteFile) => Provider switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) => DatabaseSettings.SqliteFile(sqliteFile),
        DatabaseProvider.PostgreSql when string.IsNullOrWhiteSpace(ConnectionString) =>
            throw new DatabaseUnusableException("Workbench:Database:ConnectionString is empty; PostgreSQL needs one (Host=...;Database=...;Username=...)."),
        _ => new DatabaseSettings(Provider, ConnectionString!),
    };
}
