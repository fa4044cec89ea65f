using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.RunProtocol;

namespace Workbench.Web.Tests.Shared;

/// <summary>
/// The real app on real Kestrel (127.0.0.1, free port) with its own data directory, launching real worker
/// processes. One per test class (xunit class fixture).
/// </summary>
public sealed class WorkbenchServer : WebApplicationFactory<Program>
{
    private readonly bool _ownsDataDirectory;

    public string DataDirectory { get; }

    /// <summary>The only folder model folders may be registered from: &lt;DataDirectory&gt;/models.</summary>
    public string ModelRoot => Path.Combine(DataDirectory, "models");

    /// <summary>Whether the server creates and registers the demo model folders on start (a worker process: off unless a test needs it).</summary>
    public bool DemoModels { get; }

    public WorkbenchServer() : this(null) { }

    /// <summary>A server on an existing data directory: a "restart" of an earlier server.</summary>
    public static WorkbenchServer OnDataDirectory(string dataDirectory) => new(dataDirectory);

    /// <summary>A server on a fixed loopback port (and, when given, an existing data directory): a host a worker can find again after a restart.</summary>
    public static WorkbenchServer OnPort(int port, string? dataDirectory = null) => new(dataDirectory, urls: $"http://127.0.0.1:{port}", fixedPort: port);

    /// <summary>A server that trains up to <paramref name="runs"/> runs at once (Workbench:MaxConcurrentRuns).</summary>
    public static WorkbenchServer WithConcurrentRuns(int runs) => new(null) { ConcurrentRuns = runs };

    public int ConcurrentRuns { get; private init; } = 1;

    /// <summary>A server that writes and registers the demo Hugging Face folders on start, as a fresh install does.</summary>
    public static WorkbenchServer WithDemoModels() => new(null, demoModels: true);

    /// <summary>
    /// A server bound to every interface (0.0.0.0), as when exposed to a network, so it needs a login; with
    /// <paramref name="accessToken"/> configured, or none (it then makes one and logs a login link, see <see cref="Log"/>).
    /// </summary>
    public static WorkbenchServer Exposed(string? accessToken) => new(null, urls: "http://0.0.0.0:0", accessToken: accessToken);

    private readonly string _urls;
    private readonly string? _accessToken;

    /// <summary>Every log line the server wrote.</summary>
    public CapturedLog Log { get; } = new();

    /// <summary>A server with extra configuration ("Workbench:WorkerMemoryLimitMb" = "400", ...), set after the defaults.</summary>
    public static WorkbenchServer WithSettings(IReadOnlyDictionary<string, string> settings) => new(null) { _settings = settings };

    private IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();

    private WorkbenchServer(string? dataDirectory, bool demoModels = false, string urls = "http://127.0.0.1:0", string? accessToken = null, int fixedPort = 0)
    {
        _urls = urls;
        _accessToken = accessToken;
        DemoModels = demoModels;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("wb-web-").FullName;
        if (urls.Contains("127.0.0.1", StringComparison.Ordinal)) UseKestrel(fixedPort);
        else UseKestrel();   // UseKestrel(port) would listen on localhost only; this one listens where "urls" says
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(RepoPaths.Root);
        builder.UseEnvironment("Development");
        builder.UseSetting("Workbench:DataDirectory", DataDirectory);
        builder.UseSetting("Workbench:ModelRoots:0", ModelRoot);   // not the home directory: tests stay inside their own folder
        builder.UseSetting("Workbench:TorchThreads", "1");
        builder.UseSetting("Workbench:CancelGraceSeconds", "5");
        builder.UseSetting("Workbench:DemoModels", DemoModels ? "true" : "false");
        builder.UseSetting("Workbench:MaxConcurrentRuns", ConcurrentRuns.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("urls", _urls);
        if (_accessToken is not null) builder.UseSetting("Workbench:AccessToken", _accessToken);
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var uri = new UriBuilder(address);
            if (uri.Host is "0.0.0.0" or "[::]") uri.Host = "127.0.0.1";   // a wildcard bind is reached over loopback here
            return uri.Uri;
        }
    }

    public RunStore Store => Services.GetRequiredService<RunStore>();

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    /// <summary>A typed client of the run hub (as a worker when <paramref name="workerToken"/> is given).</summary>
    public RunsHubClient CreateHubConnection(string? workerToken = null) => RunsHubClient.Create(BaseAddress, workerToken);

    /// <summary>Polls the store until the run has reported at least <paramref name="step"/> steps.</summary>
    public async Task WaitForStepAsync(int runId, long step, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await Store.GetAsync(runId))!.Step < step)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {runId} did not reach step {step} in {timeout}.");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls the store until the run is terminal (workers report asynchronously).</summary>
    public async Task<Storage.Entities.RunEntity> WaitForTerminalAsync(int runId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await Store.GetAsync(runId);
            if (run is not null && run.Status.IsTerminal()) return run;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Run {runId} still {run?.Status} after {timeout}: step {run?.Step}/{run?.TotalSteps}");
            await Task.Delay(100);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataDirectory)
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
