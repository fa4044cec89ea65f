using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using Workbench.Storage;
using Workbench.Web.Artifacts;
using Workbench.Web.Executors;
using Workbench.Web.Hosting;
using Workbench.Web.Live;
using Workbench.Web.Orchestration;

namespace Workbench.Web.Extensions;

public static class WorkbenchServiceExtensions
{
    public static WebApplicationBuilder AddWorkbenchServices(this WebApplicationBuilder builder)
    {
        // Package assets (_content/MudBlazor, Plotly) when running from a build output in any environment.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddWorkbenchCore();
        builder.AddWorkbenchScaleOut();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RunScheduler>());
        builder.Services.AddSingleton<ModelFolders.DemoModelFolders>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ModelFolders.DemoModelFolders>());

        // API
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

        // UI
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        // Perimeter: access token and login, Host/Origin checks, content types, security headers, problem details
        builder.AddWorkbenchPerimeter();
        return builder;
    }

    /// <summary>
    /// Everything but the HTTP pipeline and the hosted scheduler loop: what pages and the API need. Tests (bunit)
    /// build this same graph around a temp data directory.
    /// </summary>
    public static IServiceCollection AddWorkbenchCore(this IServiceCollection services)
    {
        // Options: the "Workbench" section of the top-level appsettings.json
        services.AddOptions<WorkbenchOptions>().BindConfiguration("Workbench").ValidateDataAnnotations().ValidateOnStart();

        // Storage: SQLite file in the data directory, or PostgreSQL (Workbench:Database)
        services.AddSingleton<DataPaths>();
        services.AddSingleton<Caches.TeacherStoreShelf>();
        services.AddStorage(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkbenchOptions>>().Value.Database
            .Resolve(sp.GetRequiredService<DataPaths>().DatabaseFile));
        services.AddSingleton<HostIdentity>();

        // Live: worker reports in, pages and hub clients out
        services.AddSingleton<WorkerCredentials>();
        services.AddSingleton<ReportingWorkers>();
        services.AddSingleton<RunEventFeed>();
        services.AddSingleton<RunTelemetry>();
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 16 * 1024 * 1024)
            .AddMessagePackProtocol(RunProtocol.RunProtocolSerializer.Configure);

        // Hosting: the scheduler that supervises worker processes, and the run commands
        services.AddSingleton<ServerAddress>();
        services.AddSingleton<RunRecovery>();
        services.AddSingleton<StartupRecoveryGate>();
        services.AddSingleton<LaunchDocumentBuilder>();
        services.AddSingleton<RunScheduler>();
        services.AddRunExecutor();   // Workbench:Executor: local child processes, Slurm jobs or Kubernetes Jobs
        services.AddWorkerArtifacts();   // inputs and checkpoints over HTTP for workers without the host's disk
        services.AddSingleton<RunService>();
        services.AddSingleton<ModelReferenceResolver>();
        services.AddSingleton<SweepService>();

        // Resources: memory estimates against the budget, and the limit each worker runs under
        services.AddSingleton<Resources.MachineMemory>();
        services.AddSingleton<Resources.RunMemoryCheck>();

        // Model folders: Hugging Face folders registered on the Models page, checked against the configured roots
        services.AddSingleton<ModelFolders.ModelRoots>();
        services.AddSingleton<ModelFolders.ModelFolderValidator>();
        services.AddSingleton<ModelFolders.ModelFolderService>();
        services.AddSingleton<ModelFolders.PresetCatalog>();

        // Tracking: the runs table, comparisons and downsampled charts
        services.AddSingleton<Tracking.RunTableService>();
        services.AddSingleton<Tracking.ChartQueryService>();
        services.AddSingleton<Tracking.RunHistoryLoader>();
        return services;
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app) => await app.Services.InitializeDatabaseAsync();

    /// <summary>
    /// Checks the data directory's SQLite file (<see cref="DatabaseGuard"/>) and migrates the database, SQLite or PostgreSQL.
    /// Throws <see cref="DatabaseUnusableException"/> with a one-line reason.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services)
    {
        var paths = services.GetRequiredService<DataPaths>();
        var database = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkbenchOptions>>().Value.Database;
        var settings = database.Resolve(paths.DatabaseFile);
        if (database.UsesDataDirectoryFile) DatabaseGuard.Check(paths.DatabaseFile, paths.RunsFolder);
        try
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
            await DatabaseInitializer.MigrateAsync(db);
        }
        catch (System.Data.Common.DbException ex)
        {
            var what = settings.Provider == DatabaseProvider.Sqlite ? $"The database file {paths.DatabaseFile}" : "The PostgreSQL database (Workbench:Database:ConnectionString)";
            throw new DatabaseUnusableException($"{what} could not be opened: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }
}
