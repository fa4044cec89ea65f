namespace Workbench.Web.Components.Controls;

/// <summary>Short human durations: "42 s", "3 min 05 s", "1 h 02 min".</summary>
public static class Durations
{
    public static string Format(TimeSpan span) => span.TotalSeconds switch
    {
        < 0 => "–",
        < 60 => $"{span.TotalSeconds:0} s",
        < 3600 => $"{(int)span.TotalMinutes} min {span.Seconds:00} s",
        _ => $"{(int)span.TotalHours} h {span.Minutes:00} min",
    };

    public static string Between(DateTime? start, DateTime? end, DateTime now) =>
        start is null ? "–" : Format((end ?? now) - start.Value);
}
