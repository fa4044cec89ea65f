using System.Globalization;
using Workbench.Web.Tracking;

namespace Workbench.Web.Components.Controls;

/// <summary>
/// Converts a Plotly x range (in axis units: steps, tokens, seconds, dates; decades on a log axis) back to the step
/// range to re-query, using the (x, step) pairs on screen. One neighbour either side is included so lines run to the edges.
/// </summary>
public static class ZoomRange
{
    public static (long From, long To)? ToSteps(ChartData data, ChartSettings settings, object? x0, object? x1)
    {
        if (ToNumber(x0, settings) is not { } lo || ToNumber(x1, settings) is not { } hi) return null;
        if (hi < lo) (lo, hi) = (hi, lo);
        long? from = null, to = null;
        foreach (var series in data.Series)
        {
            for (var i = 0; i < series.X.Count; i++)
            {
                if (ToNumber(series.X[i], settings with { LogX = false }) is not { } x) continue;
                var before = series.Steps[Math.Max(0, i - 1)];
                var after = series.Steps[Math.Min(series.Steps.Count - 1, i + 1)];
                if (x >= lo && (from is null || before < from)) from = before;
                if (x <= hi && (to is null || after > to)) to = after;
            }
        }
        return from is { } f && to is { } t && t >= f ? (f, t) : null;
    }

    private static double? ToNumber(object? value, ChartSettings settings)
    {
        double? number = value switch
        {
            null => null,
            double d => d,
            long l => l,
            int i => i,
            decimal m => (double)m,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetDouble(),
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e => Parse(e.GetString()),
            string s => Parse(s),
            _ => Parse(Convert.ToString(value, CultureInfo.InvariantCulture)),
        };
        return number is { } n && settings.LogX ? Math.Pow(10, n) : number;
    }

    // Dates (wall-time axis) become ticks, so they order like the numbers they stand for.
    private static double? Parse(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
        : DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t.Ticks
        : null;
}
