namespace Workbench.Storage;

/// <summary>Where the store lives: an embedded SQLite file (one host) or a PostgreSQL server (one or several hosts).</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
