namespace Workbench.Training.Leaf;

/// <summary>
/// Scores detected confounders against gold spans. A token counts as inside gold when its character range overlaps a
/// gold span. Every sample passed counts in the denominators of the hit rate and the mostly-inside share (a sample
/// with nothing flagged is a miss), so pass only samples that have gold spans.
/// </summary>
public static class DetectionQuality
{
    /// <summary>LeaF and both baselines, on the same samples; each baseline flags exactly as many tokens per sample as LeaF.</summary>
    /// <param name="samples">Samples with their LeaF flags and gold spans.</param>
    /// <param name="randomSeed">Seed of the random baseline (one stream over the samples in order).</param>
    public static DetectionQualityReport Evaluate(IReadOnlyList<QualitySample> samples, int randomSeed = 0)
    {
        var random = new Random(randomSeed);
        return new DetectionQualityReport(
            Score(samples, s => [.. s.Flagged]),
            Score(samples, StudentOnlyFlags),
            Score(samples, s => RandomFlags(s, random)));
    }

    /// <summary>Scores the flags <paramref name="flagsOf"/> gives each sample.</summary>
    public static QualityScores Score(IReadOnlyList<QualitySample> samples, Func<QualitySample, bool[]> flagsOf)
    {
        int flaggedTokens = 0, goldTokens = 0, truePositives = 0, hits = 0, mostlyInside = 0;
        int flaggedSpans = 0, spansOnGold = 0, goldSpans = 0, goldSpansFound = 0;
        foreach (var sample in samples)
        {
            Check(sample);
            var flags = flagsOf(sample);
            var inside = InsideGold(sample);
            var flaggedHere = flags.Count(f => f);
            var insideHere = flags.Where((f, i) => f && inside[i]).Count();
            flaggedTokens += flaggedHere;
            truePositives += insideHere;
            goldTokens += inside.Where((g, i) => g && !sample.IsProtected[i]).Count();
            if (insideHere > 0) hits++;
            if (flaggedHere > 0 && 2 * insideHere > flaggedHere) mostlyInside++;

            var spans = ConfounderDetector.SpansOf(flags);
            flaggedSpans += spans.Count;
            spansOnGold += spans.Count(span => Enumerable.Range(span.Start, span.Length).Any(i => inside[i]));
            goldSpans += sample.GoldSpans.Count;
            goldSpansFound += sample.GoldSpans.Count(g => Enumerable.Range(0, flags.Length).Any(i => flags[i] && g.Overlap(sample.TokenOffsets[i]) > 0));
        }

        var precision = flaggedTokens == 0 ? 0 : (double)truePositives / flaggedTokens;
        var recall = goldTokens == 0 ? 0 : (double)truePositives / goldTokens;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var n = Math.Max(samples.Count, 1);
        var spanPrecision = flaggedSpans == 0 ? 0 : (double)spansOnGold / flaggedSpans;
        var spanRecall = goldSpans == 0 ? 0 : (double)goldSpansFound / goldSpans;
        var spanF1 = spanPrecision + spanRecall == 0 ? 0 : 2 * spanPrecision * spanRecall / (spanPrecision + spanRecall);
        return new QualityScores(samples.Count, flaggedTokens, goldTokens, truePositives, precision, recall, f1,
                                 (double)hits / n, (double)mostlyInside / n, spanPrecision, spanRecall, spanF1);
    }

    /// <summary>Student-only baseline: LeaF's count of unprotected tokens with the highest ĝˢ (earlier first on ties).</summary>
    public static bool[] StudentOnlyFlags(QualitySample sample)
    {
        var flags = new bool[sample.TokenOffsets.Count];
        foreach (var i in Unprotected(sample).OrderByDescending(i => sample.StudentNormalized[i]).ThenBy(i => i).Take(LeafCount(sample)))
            flags[i] = true;
        return flags;
    }

    /// <summary>Random baseline: LeaF's count of unprotected tokens, drawn without replacement from <paramref name="random"/>.</summary>
    public static bool[] RandomFlags(QualitySample sample, Random random)
    {
        var flags = new bool[sample.TokenOffsets.Count];
        var pool = Unprotected(sample).ToArray();
        var count = Math.Min(LeafCount(sample), pool.Length);
        for (var k = 0; k < count; k++)          // partial Fisher–Yates
        {
            var j = random.Next(k, pool.Length);
            (pool[k], pool[j]) = (pool[j], pool[k]);
            flags[pool[k]] = true;
        }
        return flags;
    }

    private static bool[] InsideGold(QualitySample sample) =>
        [.. sample.TokenOffsets.Select(t => sample.GoldSpans.Any(g => g.Overlap(t) > 0))];

    private static IEnumerable<int> Unprotected(QualitySample sample) =>
        Enumerable.Range(0, sample.TokenOffsets.Count).Where(i => !sample.IsProtected[i]);

    private static int LeafCount(QualitySample sample) => sample.Flagged.Count(f => f);

    private static void Check(QualitySample sample)
    {
        var n = sample.TokenOffsets.Count;
        if (sample.IsProtected.Count != n || sample.StudentNormalized.Count != n || sample.Flagged.Count != n)
            throw new ArgumentException($"A quality sample has {n} tokens but {sample.IsProtected.Count} protection flags, " +
                                        $"{sample.StudentNormalized.Count} student scores and {sample.Flagged.Count} flags.");
    }
}
