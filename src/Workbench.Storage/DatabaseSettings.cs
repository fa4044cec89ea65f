namespace Workbench.Storage;

/// <summary>The provider and its ADO.NET connection string (for SQLite, <c>Data Source=&lt;file&gt;</c>).</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseSettings SqliteFile(string path) => new(DatabaseProvider.Sqlite, $"Data Source={path}");
}
