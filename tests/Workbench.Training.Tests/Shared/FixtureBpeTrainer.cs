namespace Workbench.Training.Tests.Shared;

/// <summary>
/// A plain BPE trainer for test fixtures: words as lists of symbols, repeatedly merge the most frequent adjacent pair
/// (ties to the ordinally smallest pair). Enough to give hand-built tokenizer.json files realistic merges and vocabularies.
/// </summary>
public static class FixtureBpeTrainer
{
    public static List<(string Left, string Right)> Train(IEnumerable<List<string>> words, int mergeCount)
    {
        var corpus = words.Where(w => w.Count > 1).Select(w => w.ToList()).ToList();
        var merges = new List<(string, string)>();
        for (var n = 0; n < mergeCount; n++)
        {
            var counts = new Dictionary<(string, string), int>();
            foreach (var word in corpus)
                for (var i = 0; i + 1 < word.Count; i++)
                    counts[(word[i], word[i + 1])] = counts.GetValueOrDefault((word[i], word[i + 1])) + 1;
            if (counts.Count == 0) break;
            var best = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key.Item1, StringComparer.Ordinal)
                             .ThenBy(c => c.Key.Item2, StringComparer.Ordinal).First().Key;
            merges.Add(best);
            foreach (var word in corpus)
                for (var i = 0; i + 1 < word.Count; i++)
                    if (word[i] == best.Item1 && word[i + 1] == best.Item2)
                    {
                        word[i] += word[i + 1];
                        word.RemoveAt(i + 1);
                    }
        }
        return merges;
    }
}
