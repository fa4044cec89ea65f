using Workbench.Experiments;

namespace Workbench.Web.Components.Controls;

/// <summary>A piece of text, marked when it lies inside a confounder span.</summary>
public readonly record struct TextSegment(string Text, bool Marked);

/// <summary>Cuts text into plain and marked segments along sorted, non-overlapping spans (UTF-16 offsets).</summary>
public static class TextSegments
{
    public static IReadOnlyList<TextSegment> Split(string text, IReadOnlyList<CharSpan>? spans)
    {
        var segments = new List<TextSegment>();
        var position = 0;
        foreach (var span in spans ?? [])
        {
            // Stored spans were validated at import; clamp anyway so a bad row can never throw while rendering.
            var start = Math.Clamp(span.Start, position, text.Length);
            var end = Math.Clamp(span.End, start, text.Length);
            if (start > position) segments.Add(new(text[position..start], false));
            if (end > start) segments.Add(new(text[start..end], true));
            position = end;
        }
        if (position < text.Length) segments.Add(new(text[position..], false));
        return segments;
    }
}
