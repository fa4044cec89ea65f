using Workbench.Training.Diagnostics;

namespace Workbench.Training.Tests.Diagnostics;

public sealed class ThroughputReportTests
{
    private const long Mb = 1048576;

    private static ThroughputReport Report(params ThroughputResult[] results) => new(
        new MachineInfo("Test CPU 9000", 2, 24L * 1073741824, "Debian", LoadAverage: 1.5),
        new DateTimeOffset(2026, 1, 2, 3, 4, 0, TimeSpan.Zero), LoadAtEnd: 2.5,
        [new ModelPairInfo("tiny", "GPT 4 × 128", "GPT 2 × 64", 871_168, 139_008, 272, 16, 40)],
        new Dictionary<int, double> { [1] = 4e9, [2] = 8e9 }, MatmulSize: 2048, WarmUp: 2, Repetitions: 5, MinSeconds: 2, results);

    // 1000 tokens in 0.5 s at 1 MFLOP/token: 2,000 tokens/s and 2 GFLOP/s.
    private static ThroughputResult Result(int threads) =>
        new("tiny", "step: ce", threads, TokensPerRepetition: 1000, SequencesPerRepetition: 10, MedianSeconds: 0.5,
            FlopsPerToken: 1e6, PeakRssBytes: 300 * Mb, BaselineRssBytes: 200 * Mb, LocalPeakFlops: 5e9);

    private static string[] TableRows(string markdown, string header) =>
        [.. markdown.Split('\n').SkipWhile(l => !l.StartsWith(header, StringComparison.Ordinal)).TakeWhile(l => l.StartsWith('|'))];

    [Fact]
    public void ToMarkdown_OneResultPerThreadCount_DerivesRatesAndMfuAgainstThatThreadCountsPeak()
    {
        var markdown = Report(Result(1), Result(2)).ToMarkdown();

        var rows = TableRows(markdown, "| pair | case |");
        Assert.Equal(4, rows.Length);                                      // header, rule, two results
        Assert.Equal("| tiny | step: ce | 1 | 2,000 | 50.00 | 1.0 | 2.00 | 50.0 % | 40.0 % | 300 MB | 100 MB |", rows[2].TrimEnd());
        Assert.Equal("| tiny | step: ce | 2 | 2,000 | 50.00 | 1.0 | 2.00 | 25.0 % | 40.0 % | 300 MB | 100 MB |", rows[3].TrimEnd());
    }

    [Fact]
    public void ToMarkdown_EveryTableRow_HasAsManyCellsAsItsHeader()
    {
        var markdown = Report(Result(1)).ToMarkdown();

        foreach (var header in new[] { "| pair | teacher |", "| pair | case |" })
        {
            var rows = TableRows(markdown, header);
            Assert.True(rows.Length >= 3, $"table '{header}' has no rows");
            Assert.All(rows, r => Assert.Equal(rows[0].Count(ch => ch == '|'), r.Count(ch => ch == '|')));
        }
    }

    [Fact]
    public void ToMarkdown_States_MachinePeaksAndPairSizes()
    {
        var markdown = Report(Result(1)).ToMarkdown();

        Assert.Contains("Test CPU 9000, 2 cores, 24 GB RAM, Debian; run 2026-01-02 03:04 UTC, load average (1 min) 1.5 at the start and 2.5 at the end", markdown);
        Assert.Contains("(2048×2048, fastest repetition of a separate measurement and of those after each case): 1 thread: 4.0 GFLOP/s; 2 threads: 8.0 GFLOP/s.", markdown);
        Assert.Contains("| tiny | GPT 4 × 128, 871,168 params | GPT 2 × 64, 139,008 params | 272 | 16 × 40 |", markdown);
    }

    [Fact]
    public void ThroughputResult_MillisecondsPerSequence_IsTheMedianOverTheBatch()
    {
        Assert.Equal(50.0, Result(1).MillisecondsPerSequence, 9);
    }
}
