using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the SQLite context factory (database file at <paramref name="databasePath"/>) and <see cref="RunStore"/>.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, string databasePath)
    {
        services.AddDbContextFactory<WorkbenchDbContext>(o => o.UseSqlite($"Data Source={databasePath}"));
        services.AddSingleton<RunStore>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
