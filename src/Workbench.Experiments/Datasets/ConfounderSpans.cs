using System.Text.Json;

namespace Workbench.Experiments.Datasets;

/// <summary>
/// Reads "confounder_spans": [[start, end], ...] as UTF-16 offsets into the prompt (what JavaScript's
/// <c>String.slice</c> and C#'s <c>Substring</c> use, so an emoji counts 2). Each span needs 0 ≤ start &lt; end ≤
/// prompt length, must not cut a surrogate pair in half, and must not overlap another (touching is fine).
/// Returns the spans sorted by start.
/// </summary>
internal static class ConfounderSpans
{
    private const string Field = "confounder_spans";

    public static IReadOnlyList<CharSpan>? Read(JsonElement element, string? prompt, Action<string, string> fail)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            fail(Field, $"Must be an array of [start, end] pairs, found {JsonlLineReader.Describe(element.ValueKind)}.");
            return null;
        }
        var spans = new List<CharSpan>();
        var ok = true;
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var field = $"{Field}[{index++}]";
            if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 2
                || item[0].ValueKind != JsonValueKind.Number || item[1].ValueKind != JsonValueKind.Number
                || !item[0].TryGetInt32(out var start) || !item[1].TryGetInt32(out var end))
            {
                fail(field, "Must be a pair of integers [start, end].");
                ok = false;
                continue;
            }
            var reason = Check(start, end, prompt);
            if (reason is not null)
            {
                fail(field, reason);
                ok = false;
                continue;
            }
            spans.Add(new CharSpan(start, end));
        }
        if (!ok) return null;
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < spans.Count; i++)
        {
            if (spans[i].Start < spans[i - 1].End)
            {
                fail(Field, $"Spans [{spans[i - 1].Start}, {spans[i - 1].End}) and [{spans[i].Start}, {spans[i].End}) overlap.");
                return null;
            }
        }
        return spans;
    }

    private static string? Check(int start, int end, string? prompt)
    {
        if (start < 0) return $"start {start} is negative.";
        if (start >= end) return $"start {start} must be less than end {end}.";
        if (prompt is null) return null;   // the prompt's own error is reported already
        if (end > prompt.Length) return $"end {end} is past the end of the prompt ({prompt.Length} UTF-16 characters).";
        if (SplitsSurrogatePair(prompt, start) || SplitsSurrogatePair(prompt, end))
            return "The span cuts a character (a surrogate pair) in half; offsets are UTF-16 code units.";
        return null;
    }

    private static bool SplitsSurrogatePair(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset]);
}
