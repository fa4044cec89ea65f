using System.Reflection;

namespace Workbench.EndToEnd.Tests.Shared;

public static class RepoPaths
{
    /// <summary>The folder holding Workbench.sln: the web app's working directory and content root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration these tests were built with (the web app was built with the same one).</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    /// <summary>The built web app, in its own bin folder where the worker and its native libraries sit beside it.</summary>
    public static string WebAppDll { get; } = Path.Combine(Root, "src", "Workbench.Web", "bin", Configuration, "net10.0", "Workbench.Web.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
        throw new InvalidOperationException("Workbench.sln not found above " + AppContext.BaseDirectory);
    }
}
