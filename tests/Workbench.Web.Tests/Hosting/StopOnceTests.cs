using Workbench.Web.Hosting;

namespace Workbench.Web.Tests.Hosting;

/// <summary>The once-only stop the scheduler and the Redis relay use, since the host may stop its services twice.</summary>
public sealed class StopOnceTests
{
    [Fact]
    public async Task Run_CalledFromTwoThreadsWhileTheFirstStopRuns_StopsOnceAndBothWaitForIt()
    {
        var stopOnce = new StopOnce();
        var calls = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Stop()
        {
            Interlocked.Increment(ref calls);
            await release.Task;
        }

        var first = Task.Factory.StartNew(() => stopOnce.Run(Stop), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        var second = Task.Factory.StartNew(() => stopOnce.Run(Stop), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        var stops = await Task.WhenAll(first, second);

        Assert.Same(stops[0], stops[1]);
        Assert.False(stops[1].IsCompleted);   // the second caller waits for the first stop, it does not return early
        release.SetResult();
        await stops[1];
        await stopOnce.Run(Stop);             // and a later call finds it done
        Assert.Equal(1, calls);
    }
}
