using Microsoft.Extensions.Time.Testing;
using Workbench.Experiments;

namespace Workbench.Worker.Tests;

public sealed class ProgressBarTests
{
    private static RunProgress At(long step) => new(step, 100, StepsPerSecond: 10, TokensPerSecond: 2000);

    [Fact]
    public void Report_NotATerminal_WritesOnePlainLinePerTwentiethAndTheLast()
    {
        var output = new StringWriter();
        var bar = new ProgressBar(output, interactive: false, new FakeTimeProvider());

        for (var step = 1; step <= 100; step++) bar.Report(At(step));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20, lines.Length);
        Assert.StartsWith("step 5/100", lines[0]);
        Assert.StartsWith("step 100/100 100%", lines[^1]);
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void Report_OnATerminal_RedrawsInPlaceAtMostEvery100MsAndEndsTheLine()
    {
        var output = new StringWriter();
        var time = new FakeTimeProvider();
        var bar = new ProgressBar(output, interactive: true, time);

        bar.Report(At(1));
        bar.Report(At(2));                                  // same instant: skipped
        time.Advance(ProgressBar.RedrawInterval);
        bar.Report(At(50));
        bar.Report(At(100));                                // the last step is always drawn

        var text = output.ToString();
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.Contains("[" + new string('#', 15) + new string('-', 15) + "] step 50/100", text);
        Assert.EndsWith(Environment.NewLine, text);
        Assert.Contains("eta 0:00:05", text);
    }
}
