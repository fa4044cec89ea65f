using System.Globalization;
using Workbench.Experiments;

namespace Workbench.Worker;

/// <summary>
/// A headless run's progress on stderr. On a terminal one line redrawn in place (<c>\r</c>) at most every
/// <see cref="RedrawInterval"/>; otherwise (a log file, a CI job) plain lines, one per <see cref="LineEvery"/> of the run,
/// so the log stays short.
/// </summary>
public sealed class ProgressBar(TextWriter output, bool interactive, TimeProvider time)
{
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    public const double LineEvery = 0.05;
    public const int Width = 30;

    private long _lastTimestamp = long.MinValue;
    private long _lastLineStep;
    private bool _drawn;

    /// <summary>Standard error, interactive when it is a terminal.</summary>
    public static ProgressBar ForStandardError() => new(Console.Error, !Console.IsErrorRedirected, TimeProvider.System);

    public void Report(RunProgress progress)
    {
        var last = progress.Step >= progress.TotalSteps;
        if (interactive)
        {
            var now = time.GetTimestamp();
            if (!last && _lastTimestamp != long.MinValue && time.GetElapsedTime(_lastTimestamp, now) < RedrawInterval) return;
            _lastTimestamp = now;
            output.Write("\r" + Describe(progress, bar: true));
            _drawn = true;
            if (last) Finish();
            output.Flush();
            return;
        }
        var every = Math.Max(1, (long)Math.Ceiling(progress.TotalSteps * LineEvery));
        if (!last && progress.Step - _lastLineStep < every) return;
        _lastLineStep = progress.Step;
        output.WriteLine(Describe(progress, bar: false));
    }

    /// <summary>Ends the redrawn line, so what is printed next starts on its own.</summary>
    public void Finish()
    {
        if (!_drawn) return;
        output.WriteLine();
        _drawn = false;
    }

    internal static string Describe(RunProgress p, bool bar)
    {
        var fraction = p.TotalSteps == 0 ? 0 : Math.Clamp((double)p.Step / p.TotalSteps, 0, 1);
        var filled = (int)Math.Round(fraction * Width);
        var eta = p.StepsPerSecond > 0 ? TimeSpan.FromSeconds((p.TotalSteps - p.Step) / p.StepsPerSecond) : (TimeSpan?)null;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps} {fraction * 100,3:F0}% {p.StepsPerSecond:F1} steps/s {p.TokensPerSecond:F0} tok/s eta {(eta is { } e ? e.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "?")}");
        return bar ? $"[{new string('#', filled)}{new string('-', Width - filled)}] {text}" : text;
    }
}
