using Microsoft.Extensions.Options;
using Workbench.ModelFolders;
using Workbench.Web.Hosting;

namespace Workbench.Web.ModelFolders;

/// <summary>
/// The folders model folders may be registered from: <c>&lt;DataDirectory&gt;/models</c> (created) and every folder in
/// <see cref="WorkbenchOptions.ModelRoots"/>. The home directory is a root only when configured: a root is a place whose
/// files the server may read and whose existence its answers reveal. A path outside every root is refused, so the server
/// never reads config files from arbitrary places on request.
/// </summary>
public sealed class ModelRoots
{
    private readonly IReadOnlyList<string> _configured;

    public ModelRoots(IOptions<WorkbenchOptions> options, DataPaths paths, IHostEnvironment environment)
    {
        DefaultFolder = Directory.CreateDirectory(Path.Combine(paths.Root, "models")).FullName;
        IEnumerable<string> configured = options.Value.ModelRoots.Where(r => !string.IsNullOrWhiteSpace(r))
            .Select(r => Path.GetFullPath(r, environment.ContentRootPath));
        _configured = [.. new[] { DefaultFolder }.Concat(configured).Distinct(StringComparer.Ordinal)];
    }

    /// <summary><c>&lt;DataDirectory&gt;/models</c>: a place to copy model folders to.</summary>
    public string DefaultFolder { get; }

    /// <summary>The roots as configured (full paths), for messages.</summary>
    public IReadOnlyList<string> Configured => _configured;

    /// <summary>The roots with links resolved, read now so a root created or relinked later counts.</summary>
    public IReadOnlyList<string> Canonical() => [.. _configured.Select(CanonicalPath.Resolve)];
}
