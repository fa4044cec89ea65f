using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Workbench.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the SQLite context factory (database file from <paramref name="databasePath"/>) and the stores.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, Func<IServiceProvider, string> databasePath) =>
        services.AddStorage(sp => DatabaseSettings.SqliteFile(databasePath(sp)));

    /// <summary>Registers the context factory for <paramref name="database"/>'s provider, <see cref="RunStore"/>, <see cref="DatasetStore"/>, <see cref="ModelFolderStore"/> and the other stores.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, Func<IServiceProvider, DatabaseSettings> database)
    {
        services.AddDbContextFactory<WorkbenchDbContext>((sp, o) => o.Configure(database(sp)));
        services.AddSingleton<RunStore>();
        services.AddSingleton<LeafStore>();
        services.AddSingleton<PredictionStore>();
        services.AddSingleton<PolicySampleStore>();
        services.AddSingleton<RunReportWriter>();
        services.AddSingleton<DatasetStore>();
        services.AddSingleton<ModelFolderStore>();
        services.AddSingleton<RunTrackingStore>();
        services.AddSingleton<GroupStore>();
        services.AddSingleton<RunLeases>();
        services.AddSingleton<WorkerTokenStore>();
        services.AddSingleton<Queries.MetricSeriesReader>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
