using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using MudBlazor.Services;
using Workbench.Storage;
using Workbench.Web.Extensions;

namespace Workbench.Web.Tests.Shared;

/// <summary>
/// bunit context with the app's real service graph (real SQLite file in a temp folder, MudBlazor, loose JS
/// interop for Plotly and MudBlazor). No hosted scheduler runs, so queued runs stay queued.
/// </summary>
public abstract class WorkbenchComponentContext : BunitContext, IAsyncLifetime
{
    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory("wb-bunit-").FullName;

    /// <summary>The only folder model folders may be registered from (created here; the server would create it on start).</summary>
    protected string ModelRoot => Directory.CreateDirectory(Path.Combine(DataDirectory, "models")).FullName;

    /// <param name="time">A clock for throttled components (a FakeTimeProvider); default: the system clock.</param>
    protected WorkbenchComponentContext(TimeProvider? time = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Workbench:DataDirectory"] = DataDirectory,
                ["Workbench:ModelRoots:0"] = ModelRoot,
            })
            .Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = DataDirectory, EnvironmentName = "Development" });
        Services.AddLogging();
        Services.AddWorkbenchCore();
        Services.AddMudServices();
        if (time is not null) Services.AddSingleton(time);
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    protected RunStore Store => Services.GetRequiredService<RunStore>();

    public async Task InitializeAsync() => await Services.InitializeDatabaseAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
