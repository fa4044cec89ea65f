using System.Text.Json;

namespace Workbench.Experiments.Datasets;

/// <summary>Turns one non-blank JSONL line into a sample, or reports each field at fault.</summary>
internal static class JsonlLineReader
{
    /// <param name="split">When given, every line's split, whatever its own "split" field says (that field is then not read).</param>
    public static DatasetSample? Read(string text, int line, JsonDocumentOptions options, string? split, Action<DatasetLineError> report)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(text, options); }
        catch (JsonException ex)
        {
            report(new(line, "line", $"Not valid JSON: {FirstSentence(ex.Message)}"));
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                report(new(line, "line", $"Expected a JSON object, found {Describe(root.ValueKind)}."));
                return null;
            }
            var ok = true;
            void Fail(string field, string reason) { ok = false; report(new(line, field, reason)); }

            var prompt = RequiredText(root, "prompt", Fail);
            var completion = RequiredText(root, "completion", Fail);
            var answer = root.TryGetProperty("answer", out var answerElement) ? AnswerText.Read(answerElement, Fail) : null;
            if (split is null && root.TryGetProperty("split", out var splitElement) && splitElement.ValueKind != JsonValueKind.Null)
            {
                if (splitElement.ValueKind != JsonValueKind.String)
                    Fail("split", $"Must be a string such as \"train\", \"eval\", \"test\" or \"ood\", found {Describe(splitElement.ValueKind)}.");
                else
                {
                    split = DatasetSplitNames.Normalize(Text(splitElement), out var splitError);
                    if (splitError is not null) Fail("split", splitError);
                }
            }
            IReadOnlyList<CharSpan>? spans = null;
            if (root.TryGetProperty("confounder_spans", out var spansElement) && spansElement.ValueKind != JsonValueKind.Null)
                spans = ConfounderSpans.Read(spansElement, prompt, Fail);

            if (!ok || prompt is null || completion is null) return null;
            return new DatasetSample(prompt, completion, answer, spans, split ?? DatasetSplitter.Assign(prompt));
        }
    }

    private static string? RequiredText(JsonElement root, string field, Action<string, string> fail)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            fail(field, "Required.");
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            fail(field, $"Must be a string, found {Describe(element.ValueKind)}.");
            return null;
        }
        var value = Text(element);
        if (value is null)
        {
            fail(field, LoneSurrogate);
            return null;
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            fail(field, "Must not be empty.");
            return null;
        }
        return value;
    }

    internal const string LoneSurrogate = "Must be valid Unicode text (it has a lone UTF-16 surrogate such as \\ud800).";

    // An escaped lone surrogate ("\ud800") is valid JSON syntax but no text: GetString throws rather than returning it.
    internal static string? Text(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 12." — keep the position, it is within the line.
    private static string FirstSentence(string message) => message.Replace(" LineNumber: 0 |", "", StringComparison.Ordinal);
}
