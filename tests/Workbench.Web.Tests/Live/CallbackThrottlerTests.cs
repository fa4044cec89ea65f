using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Workbench.Web.Live;

namespace Workbench.Web.Tests.Live;

public sealed class CallbackThrottlerTests
{
    [Fact]
    public async Task Notify_BurstOf500_RunsCallbackOnceThenOnceMoreAfterInterval()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        using var throttler = new CallbackThrottler(() => { Interlocked.Increment(ref calls); return Task.CompletedTask; },
            TimeSpan.FromMilliseconds(100), time, NullLogger.Instance);

        throttler.Notify();                        // first call runs at once
        await WaitUntilAsync(() => calls == 1);
        for (var i = 0; i < 500; i++) throttler.Notify();   // coalesced into one pending call
        await Task.Delay(20);
        Assert.Equal(1, calls);

        time.Advance(TimeSpan.FromMilliseconds(100));
        await WaitUntilAsync(() => calls == 2);
        await Task.Delay(20);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Notify_AfterDispose_DoesNothing()
    {
        var calls = 0;
        var throttler = new CallbackThrottler(() => { calls++; return Task.CompletedTask; }, TimeSpan.FromMilliseconds(100), new FakeTimeProvider(), NullLogger.Instance);
        throttler.Dispose();
        throttler.Notify();
        await Task.Delay(20);
        Assert.Equal(0, calls);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(5);
        Assert.True(condition());
    }
}
