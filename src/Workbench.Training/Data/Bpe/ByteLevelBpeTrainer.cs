namespace Workbench.Training.Data.Bpe;

/// <summary>
/// Learns byte-level BPE merges (Sennrich et al. 2016; GPT-2's byte-level variant, as Hugging Face's <c>BpeTrainer</c>):
/// split the corpus with <see cref="Gpt2PreTokenizer"/>, write each word's bytes in <see cref="ByteLevelAlphabet"/>,
/// then repeatedly merge the adjacent pair that occurs most often, counted over word types weighted by frequency.
/// Ties go to the pair with the smaller (left id, right id), as in Hugging Face's trainer, so the result depends only
/// on the corpus and the target size.
/// </summary>
public static class ByteLevelBpeTrainer
{
    /// <summary>The 256 byte characters every byte-level vocabulary starts with, so any text can be encoded.</summary>
    public const int AlphabetSize = 256;

    /// <summary>
    /// Trains on <paramref name="corpus"/> until the vocabulary has <paramref name="vocabSize"/> tokens (added special
    /// tokens not counted) or no adjacent pair is left, i.e. every word of the corpus is one token.
    /// </summary>
    public static ByteLevelBpe Train(IEnumerable<string> corpus, int vocabSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, AlphabetSize);
        var tokens = ByteLevelAlphabet.Characters.Order().Select(c => c.ToString()).ToList();   // sorted by code point, as HF's trainer
        var ids = tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var words = CountWords(corpus)
            .Select(w => new Word([.. w.Key.Select(c => ids[c.ToString()])], w.Value))
            .ToList();
        var merges = new List<(string, string)>();

        while (tokens.Count < vocabSize)
        {
            if (MostFrequentPair(words) is not var (left, right)) break;      // every word is a single token
            var merged = tokens[left] + tokens[right];
            if (!ids.TryGetValue(merged, out var id))                          // another pair may have built the same string
            {
                id = tokens.Count;
                tokens.Add(merged);
                ids[merged] = id;
            }
            merges.Add((tokens[left], tokens[right]));
            foreach (var word in words) word.Merge(left, right, id);
        }
        return new ByteLevelBpe(tokens, merges);
    }

    // Word types of the corpus in byte-level characters, with their counts.
    private static Dictionary<string, long> CountWords(IEnumerable<string> corpus)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var text in corpus)
            foreach (var word in Gpt2PreTokenizer.Split(text))
            {
                var key = ByteLevelAlphabet.Encode(word);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        return counts;
    }

    private static (int Left, int Right)? MostFrequentPair(List<Word> words)
    {
        var counts = new Dictionary<(int, int), long>();
        foreach (var word in words)
            for (var i = 0; i + 1 < word.Symbols.Count; i++)
            {
                var pair = (word.Symbols[i], word.Symbols[i + 1]);
                counts[pair] = counts.GetValueOrDefault(pair) + word.Count;
            }
        (int, int)? best = null;
        var bestCount = 0L;
        foreach (var (pair, count) in counts)
            if (count > bestCount || (count == bestCount && pair.CompareTo(best!.Value) < 0))     // equal counts: the smaller pair wins
                (best, bestCount) = (pair, count);
        return best;
    }

    private sealed class Word(List<int> symbols, long count)
    {
        public List<int> Symbols { get; } = symbols;
        public long Count { get; } = count;

        // Replaces each (left, right), left to right without overlap, by merged.
        public void Merge(int left, int right, int merged)
        {
            for (var i = 0; i + 1 < Symbols.Count; i++)
            {
                if (Symbols[i] != left || Symbols[i + 1] != right) continue;
                Symbols[i] = merged;
                Symbols.RemoveAt(i + 1);
            }
        }
    }
}
