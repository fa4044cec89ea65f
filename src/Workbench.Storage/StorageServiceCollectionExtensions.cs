using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the SQLite context factory (database file from <paramref name="databasePath"/>) <see cref="RunStore"/>, <see cref="DatasetStore"/>, <see cref="ModelFolderStore"/>.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        services.AddDbContextFactory<WorkbenchDbContext>((sp, o) => o.UseSqlite($"Data Source={databasePath(sp)}"));
        services.AddSingleton<RunStore>();
        services.AddSingleton<LeafStore>();
        services.AddSingleton<PredictionStore>();
        services.AddSingleton<RunReportWriter>();
        services.AddSingleton<DatasetStore>();
        services.AddSingleton<ModelFolderStore>();
        services.AddSingleton<RunTrackingStore>();
        services.AddSingleton<GroupStore>();
        services.AddSingleton<Queries.MetricSeriesReader>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
