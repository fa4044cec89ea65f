using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Workbench.Web.Hosting;
using Workbench.Web.ModelFolders;

namespace Workbench.Web.Tests.ModelFolders;

public sealed class ModelRootsTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("wb-roots-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_contentRoot, recursive: true); } catch (IOException) { }
    }

    private ModelRoots Roots(params string[] configured)
    {
        var options = Options.Create(new WorkbenchOptions { DataDirectory = "data", ModelRoots = configured });
        var environment = new HostingEnvironment { ContentRootPath = _contentRoot };
        return new ModelRoots(options, new DataPaths(options, environment), environment);
    }

    [Fact]
    public void Configured_NothingSet_OnlyTheCreatedDataModelsFolderNotHome()
    {
        var roots = Roots();

        var models = Path.Combine(_contentRoot, "data", "models");
        Assert.True(Directory.Exists(models));
        Assert.Equal([models], roots.Configured);
        Assert.DoesNotContain(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), roots.Configured);
    }

    [Fact]
    public void Configured_RelativeRoot_UnderTheContentRootBesideDataModels()
    {
        var roots = Roots("shared-models");

        Assert.Equal([Path.Combine(_contentRoot, "data", "models"), Path.Combine(_contentRoot, "shared-models")], roots.Configured);
    }
}
