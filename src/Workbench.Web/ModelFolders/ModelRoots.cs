using Microsoft.Extensions.Options;
using Workbench.Web.Hosting;

namespace Workbench.Web.ModelFolders;

/// <summary>
/// The folders model folders may be registered from (<see cref="WorkbenchOptions.ModelRoots"/>; by default the user's
/// home and <c>&lt;DataDirectory&gt;/models</c>, which is created). A path outside every root is refused, so the
/// server never reads config files from arbitrary places on request.
/// </summary>
public sealed class ModelRoots
{
    private readonly IReadOnlyList<string> _configured;

    public ModelRoots(IOptions<WorkbenchOptions> options, DataPaths paths, IHostEnvironment environment)
    {
        DefaultFolder = Path.Combine(paths.Root, "models");
        var configured = options.Value.ModelRoots.Where(r => !string.IsNullOrWhiteSpace(r)).ToList();
        if (configured.Count == 0)
        {
            Directory.CreateDirectory(DefaultFolder);
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            configured = string.IsNullOrEmpty(home) ? [DefaultFolder] : [home, DefaultFolder];
        }
        _configured = [.. configured.Select(r => Path.GetFullPath(r, environment.ContentRootPath))];
    }

    /// <summary><c>&lt;DataDirectory&gt;/models</c>: a place to copy model folders to.</summary>
    public string DefaultFolder { get; }

    /// <summary>The roots as configured (full paths), for messages.</summary>
    public IReadOnlyList<string> Configured => _configured;

    /// <summary>The roots with links resolved, read now so a root created or relinked later counts.</summary>
    public IReadOnlyList<string> Canonical() => [.. _configured.Select(CanonicalPath.Resolve)];
}
