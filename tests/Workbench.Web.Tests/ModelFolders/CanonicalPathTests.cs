using Workbench.ModelFolders;

namespace Workbench.Web.Tests.ModelFolders;

public sealed class CanonicalPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wb-canonical-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Resolve_LinkInTheMiddleOfThePath_FollowedToWhereItLeads()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root, "outside", "model")).FullName;
        var inside = Directory.CreateDirectory(Path.Combine(_root, "root")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(inside, "link"), "../outside");   // relative target, resolved from the link's folder

        var resolved = CanonicalPath.Resolve(Path.Combine(inside, "link", "model"));

        Assert.Equal(CanonicalPath.Resolve(real), resolved);
        Assert.False(CanonicalPath.IsUnder(resolved, CanonicalPath.Resolve(inside)));
    }

    [Fact]
    public void Resolve_LinkCycle_ThrowsIOException()
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "a"), Path.Combine(_root, "b"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "b"), Path.Combine(_root, "a"));

        Assert.Throws<IOException>(() => CanonicalPath.Resolve(Path.Combine(_root, "a", "model")));
    }

    [Theory]
    [InlineData("/models", "/models", true)]
    [InlineData("/models/tiny", "/models", true)]
    [InlineData("/models-evil/tiny", "/models", false)]
    [InlineData("/elsewhere", "/models", false)]
    [InlineData("/anything", "/", true)]
    public void IsUnder_ComparesWholeFolderNames(string path, string root, bool expected) =>
        Assert.Equal(expected, CanonicalPath.IsUnder(path, root));
}
