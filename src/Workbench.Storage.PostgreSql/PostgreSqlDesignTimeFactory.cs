using Microsoft.EntityFrameworkCore.Design;

namespace Workbench.Storage.PostgreSql;

/// <summary>Used only by <c>dotnet ef</c> to build this project's migrations; no server is contacted.</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<WorkbenchDbContext>
{
    public WorkbenchDbContext CreateDbContext(string[] args) =>
        new(WorkbenchDatabase.Options(new DatabaseSettings(DatabaseProvider.PostgreSql, "Host=localhost;Database=workbench_design")));
}
