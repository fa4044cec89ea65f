using System.Reflection;
using Workbench.Web.Hosting;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Architecture;

/// <summary>
/// The host builds the worker but does not reference its code: neither Workbench.Web nor anything of Workbench's it references
/// names the training assembly, the worker or TorchSharp, the host's deps.json lists none of them, and the worker's own
/// output sits in worker/ beside the host, where <see cref="WorkbenchOptions.ResolveWorkerAssembly"/> looks.
/// </summary>
public sealed class HostDependencyTests
{
    private static readonly string[] s_trainingSide = ["Workbench.Training", "Workbench.Worker", "TorchSharp", "LibTorchSharp", "libtorch"];

    // src/Workbench.Web/bin/<Configuration>/net10.0: what `dotnet run` and the end-to-end tests start.
    private static readonly string s_webOutput = Path.Combine(RepoPaths.Root, "src", "Workbench.Web", "bin",
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name, "net10.0");

    [Fact]
    public void Host_ReferencesNoTrainingAssembly()
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([typeof(Program).Assembly]);
        while (pending.TryDequeue(out var assembly))
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (!seen.Add(reference.Name!)) continue;
                if (reference.Name!.StartsWith("Workbench.", StringComparison.Ordinal)) pending.Enqueue(Assembly.Load(reference));
            }

        Assert.Contains("Workbench.ModelFolders", seen);
        Assert.DoesNotContain(seen, name => s_trainingSide.Any(t => name.StartsWith(t, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void HostDepsJson_ListsNoTrainingAssembly()
    {
        var deps = File.ReadAllText(Path.Combine(s_webOutput, "Workbench.Web.deps.json"));
        Assert.Contains("Workbench.ModelFolders", deps);
        Assert.All(s_trainingSide, name => Assert.DoesNotContain(name, deps, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Worker_BuiltIntoItsOwnFolderBesideTheHost()
    {
        // Beside the web app's own build and beside this test assembly (the in-process test servers start workers from here).
        foreach (var output in new[] { s_webOutput, AppContext.BaseDirectory })
        {
            var worker = Path.Combine(output, WorkbenchOptions.WorkerFolder);
            Assert.True(File.Exists(Path.Combine(worker, "Workbench.Worker.dll")), $"no worker in {worker}");
            Assert.True(File.Exists(Path.Combine(worker, "Workbench.Worker.runtimeconfig.json")), $"no worker runtimeconfig in {worker}");
            Assert.Contains("TorchSharp", File.ReadAllText(Path.Combine(worker, "Workbench.Worker.deps.json")), StringComparison.Ordinal);
        }
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "worker", "Workbench.Worker.dll"), new WorkbenchOptions().ResolveWorkerAssembly());
    }
}
