using Microsoft.Extensions.Options;

namespace Workbench.Web.Hosting;

/// <summary>Every file the server writes lives under the data directory; this is the only place paths are built.</summary>
public sealed class DataPaths(IOptions<WorkbenchOptions> options, IHostEnvironment environment)
{
    public string Root { get; } = Directory.CreateDirectory(options.Value.ResolveDataDirectory(environment.ContentRootPath)).FullName;

    public string DatabaseFile => Path.Combine(Root, "workbench.db");

    /// <summary>The folder holding one folder per run.</summary>
    public string RunsFolder => Path.Combine(Root, "runs");

    public string RunDirectory(int runId) => Path.Combine(RunsFolder, runId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
