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
        var bySplit = samples.GroupBy(s => s.Source.Split).ToDictionary(g => g.Key, g => (IReadOnlyList<TextDatasetSample>)[.. g]);
        Splits = DatasetSplitNames.Ordered(samples.Select(s => s.Source.Split)).ToDictionary(name => name, name => bySplit[name]);
        MaxSequenceLength = samples.Count == 0 ? 0 : samples.Max(s => s.Problem.TokenIds.Length);
    }

    /// <summary>The vocabulary of every split's text (see <see cref="TextDatasetTokenizer.Build"/>).</summary>
    public WordTokenizer Tokenizer { get; }

    /// <summary>Every split by name, train, eval and test first, then the others in file order; only splits with samples.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TextDatasetSample>> Splits { get; }

    public IReadOnlyList<TextDatasetSample> Train => Split(DatasetSplitNames.Train);
    public IReadOnlyList<TextDatasetSample> Eval => Split(DatasetSplitNames.Eval);
    public IReadOnlyList<TextDatasetSample> Test => Split(DatasetSplitNames.Test);

    /// <summary>The samples of split <paramref name="name"/>, empty when the dataset has none.</summary>
    public IReadOnlyList<TextDatasetSample> Split(string name) => Splits.GetValueOrDefault(name) ?? [];

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
