using Workbench.Web.Executors;
using Workbench.Web.Hosting;

namespace Workbench.Web.Tests.Hosting;

public sealed class WorkerExitTests
{
    [Theory]
    [InlineData(137, "killed (SIGKILL, often out of memory)")]
    [InlineData(139, "crashed (SIGSEGV")]
    [InlineData(134, "aborted (SIGABRT")]
    [InlineData(3, "exited with code 3")]
    public void Describe_ExitCode_NamesTheReason(int code, string expected) =>
        Assert.Contains(expected, WorkerExit.Describe(code, null));

    [Fact]
    public void Describe_WithStderr_AppendsIt() =>
        Assert.Equal("The worker exited with code 1: boom", WorkerExit.Describe(1, "boom\n"));
}
