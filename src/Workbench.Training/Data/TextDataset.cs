using Workbench.Experiments.Datasets;

namespace Workbench.Training.Data;

/// <summary>
/// An imported dataset read from the JSONL file the host exports (<c>datasets/{id}.jsonl</c> under the data directory),
/// tokenized for the built-in GPT with a vocabulary of its own (<see cref="TextDatasetTokenizer"/>). No EF: the worker
/// gets a file path.
/// </summary>
public sealed class TextDataset
{
    private TextDataset(WordTokenizer tokenizer, IReadOnlyList<TextDatasetSample> samples)
    {
        Tokenizer = tokenizer;
        Train = [.. samples.Where(s => s.Source.Split == DatasetSplit.Train)];
        Eval = [.. samples.Where(s => s.Source.Split == DatasetSplit.Eval)];
        Test = [.. samples.Where(s => s.Source.Split == DatasetSplit.Test)];
        MaxSequenceLength = samples.Count == 0 ? 0 : samples.Max(s => s.Problem.TokenIds.Length);
    }

    public WordTokenizer Tokenizer { get; }
    public IReadOnlyList<TextDatasetSample> Train { get; }
    public IReadOnlyList<TextDatasetSample> Eval { get; }
    public IReadOnlyList<TextDatasetSample> Test { get; }

    /// <summary>Longest tokenized sample (with &lt;bos&gt;, &lt;sep&gt;, &lt;eos&gt;): a model's context must hold it.</summary>
    public int MaxSequenceLength { get; }

    /// <summary>Reads and tokenizes a JSONL file; throws <see cref="InvalidDataException"/> listing the first errors if any line is bad.</summary>
    public static async Task<TextDataset> LoadAsync(string path, CancellationToken ct = default)
    {
        await using var file = File.OpenRead(path);
        var parsed = await new JsonlDatasetParser().ParseAsync(file, ct);
        if (!parsed.Succeeded)
            throw new InvalidDataException($"{path}: {parsed.ErrorCount} error(s): {string.Join("; ", parsed.Errors.Take(5))}");
        return FromSamples(parsed.Samples);
    }

    public static TextDataset FromSamples(IReadOnlyList<DatasetSample> samples)
    {
        var tokenizer = TextDatasetTokenizer.Build(samples);
        return new TextDataset(tokenizer, [.. samples.Select(s => TextDatasetProblems.ToSample(tokenizer, s))]);
    }
}
