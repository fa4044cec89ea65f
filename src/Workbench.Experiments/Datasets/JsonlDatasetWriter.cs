using System.Text;
using System.Text.Json;

namespace Workbench.Experiments.Datasets;

/// <summary>Writes samples in the format <see cref="JsonlDatasetParser"/> reads, with every split spelled out.</summary>
public static class JsonlDatasetWriter
{
    public static async Task WriteAsync(Stream stream, IAsyncEnumerable<DatasetSample> samples, CancellationToken ct = default)
    {
        await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
        await foreach (var sample in samples.WithCancellation(ct))
        {
            WriteLine(json, sample);
            await json.FlushAsync(ct);
            json.Reset();
            stream.Write("\n"u8);
        }
    }

    public static string ToJsonl(IEnumerable<DatasetSample> samples)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true }))
        {
            foreach (var sample in samples)
            {
                WriteLine(json, sample);
                json.Flush();
                json.Reset();
                stream.Write("\n"u8);
            }
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteLine(Utf8JsonWriter json, DatasetSample sample)
    {
        json.WriteStartObject();
        json.WriteString("prompt", sample.Prompt);
        json.WriteString("completion", sample.Completion);
        if (sample.Answer is not null) json.WriteString("answer", sample.Answer);
        if (sample.ConfounderSpans is { Count: > 0 } spans)
        {
            json.WriteStartArray("confounder_spans");
            foreach (var span in spans)
            {
                json.WriteStartArray();
                json.WriteNumberValue(span.Start);
                json.WriteNumberValue(span.End);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteString("split", sample.Split);
        json.WriteEndObject();
    }
}
