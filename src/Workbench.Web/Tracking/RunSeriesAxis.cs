using System.Globalization;
using Workbench.Experiments;
using Workbench.Storage.Entities;

namespace Workbench.Web.Tracking;

/// <summary>Maps a run's steps and wall times to x on a given axis.</summary>
public sealed class RunSeriesAxis(XAxis axis, double tokensPerStep, DateTime? start)
{
    public static RunSeriesAxis For(RunEntity run, XAxis axis)
    {
        // Measured tokens per step when the run has reported speed; else what the config implies.
        var tokensPerStep = run.StepsPerSecond > 0 && run.TokensPerSecond > 0
            ? run.TokensPerSecond / run.StepsPerSecond
            : TokensPerStep(RunConfigJson.Deserialize(run.ConfigJson));
        return new RunSeriesAxis(axis, tokensPerStep, run.StartedAt ?? run.CreatedAt);
    }

    private static double TokensPerStep(RunConfig config) => (double)config.BatchSize * config.GradAccumulation * config.Student.Context;

    public object X(long step, DateTime wallTime) => axis switch
    {
        XAxis.Tokens => Math.Round(step * tokensPerStep),
        XAxis.Time => wallTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        XAxis.Relative => Math.Round((wallTime - (start ?? wallTime)).TotalSeconds, 3),
        _ => step,
    };
}
