using Scalar.AspNetCore;
using Workbench.Experiments;
using Workbench.Web.Api;
using Workbench.Web.Artifacts;
using Workbench.Web.Components;
using Workbench.Web.Hosting;
using Workbench.Web.Live;
using Workbench.Web.Orchestration;

namespace Workbench.Web.Extensions;

public static class WorkbenchEndpointExtensions
{
    public static WebApplication MapWorkbench(this WebApplication app)
    {
        app.UseWorkbenchPerimeter();

        app.MapStaticAssets();
        app.UseStaticFiles();   // the top-level wwwroot/
        app.MapGet("/healthz", () => Results.Ok(new { status = "healthy" })).WithTags("Health");
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.DisableDefaultFonts());   // no fonts from a CDN: the CSP allows this server only
        app.MapRunsApi();
        app.MapLeafApi();
        app.MapPredictionsApi();
        app.MapDatasetsApi();
        app.MapModelsApi();
        app.MapTeacherStoresApi();
        app.MapTrackingApi();
        app.MapVerdictApi();
        app.MapGroupsApi();
        app.MapWorkerArtifactsApi();
        app.MapHub<RunsHub>(RunProtocol.RunsHubEndpoint.HubPath);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        app.Services.GetRequiredService<ModelFolders.ModelRoots>();   // creates <DataDirectory>/models on start
        var scheduler = app.Services.GetRequiredService<RunScheduler>();
        app.Lifetime.ApplicationStarted.Register(scheduler.OnServerStarted);
        return app;
    }
}
