namespace Workbench.Web.Hosting;

/// <summary>
/// The content root is the folder holding the top-level appsettings.json and wwwroot/: the current directory
/// under <c>dotnet run</c> (which starts in the repo root), else the folder of the app (a publish output).
/// </summary>
public static class ContentRootLocator
{
    public static string Find()
    {
        foreach (var candidate in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            if (File.Exists(Path.Combine(candidate, "appsettings.json")) && Directory.Exists(Path.Combine(candidate, "wwwroot")))
                return candidate;
        return Directory.GetCurrentDirectory();
    }
}
