namespace Workbench.Training.Trainer;

/// <summary>Steps/s and tokens/s over the last few training steps (eval time excluded).</summary>
internal sealed class ThroughputMeter(int window = 20)
{
    private readonly Queue<(TimeSpan Duration, long Tokens)> _steps = new();
    private TimeSpan _duration;
    private long _tokens;

    public void Record(TimeSpan duration, long tokens)
    {
        _steps.Enqueue((duration, tokens));
        _duration += duration;
        _tokens += tokens;
        if (_steps.Count > window)
        {
            var (d, t) = _steps.Dequeue();
            _duration -= d;
            _tokens -= t;
        }
    }

    public double StepsPerSecond => _duration > TimeSpan.Zero ? _steps.Count / _duration.TotalSeconds : 0;
    public double TokensPerSecond => _duration > TimeSpan.Zero ? _tokens / _duration.TotalSeconds : 0;
}
