using Workbench.Experiments;
using Workbench.Training.Leaf;

namespace Workbench.Training.Tests.Leaf;

public sealed class CounterfactualsTests
{
    // Word-level offsets without the spaces: "Tom" "runs" "every" "day" "and" "swims" "."
    private const string Text = "Tom runs every day and swims.";
    private static readonly CharSpan[] s_words = [new(0, 3), new(4, 8), new(9, 14), new(15, 18), new(19, 22), new(23, 28), new(28, 29)];

    [Fact]
    public void Prune_FirstSpan_RemovesItAndKeepsTheRestVerbatim()
    {
        var pruned = Counterfactuals.Prune(Text, s_words, new TokenSpan(0, 2));
        Assert.Equal(" every day and swims.", pruned.Text);
        Assert.Equal(new CharSpan(0, 8), pruned.Removed);
    }

    [Fact]
    public void Prune_MiddleSpan_RemovesTheWhitespaceBeforeIt()
    {
        var pruned = Counterfactuals.Prune(Text, s_words, new TokenSpan(2, 4));
        Assert.Equal("Tom runs and swims.", pruned.Text);
        Assert.Equal(new CharSpan(8, 18), pruned.Removed);
    }

    [Fact]
    public void Prune_LastSpan_RemovesToTheEnd()
    {
        var pruned = Counterfactuals.Prune(Text, s_words, new TokenSpan(6, 7));
        Assert.Equal("Tom runs every day and swims", pruned.Text);
        var swims = Counterfactuals.Prune(Text, s_words, new TokenSpan(5, 6));
        Assert.Equal("Tom runs every day and.", swims.Text);
    }

    [Fact]
    public void Prune_BpeOffsetsIncludingLeadingSpace_RemovesTheSameText()
    {
        // Byte-level BPE puts the space inside the token: "Tom" " runs" " every" " day" " and" " swims" "."
        CharSpan[] bpe = [new(0, 3), new(3, 8), new(8, 14), new(14, 18), new(18, 22), new(22, 28), new(28, 29)];
        Assert.Equal("Tom runs and swims.", Counterfactuals.Prune(Text, bpe, new TokenSpan(2, 4)).Text);
    }

    [Fact]
    public void Prune_AfterProtectedNewlineToken_KeepsTheNewline()
    {
        const string text = "Step one.\n\nIgnore this.";
        CharSpan[] offsets = [new(0, 4), new(5, 8), new(8, 9), new(9, 11), new(11, 17), new(18, 22), new(22, 23)];
        var pruned = Counterfactuals.Prune(text, offsets, new TokenSpan(4, 6));
        Assert.Equal("Step one.\n\n.", pruned.Text);
    }

    [Fact]
    public void Prune_SpanOutsideTokens_Throws() =>
        Assert.Throws<ArgumentException>(() => Counterfactuals.Prune(Text, s_words, new TokenSpan(6, 8)));

    [Fact]
    public void ForSample_DetectedSpans_OneCounterfactualPerSpanWithItsDeltas()
    {
        // Δ lowest on "every day" and on "." -> two spans.
        double[] teacher = [5, 5, 1, 1, 5, 5, 1];
        double[] student = [1, 1, 5, 5, 1, 1, 5];
        var detection = ConfounderDetector.Detect(teacher, student, new bool[7], new DetectionSettings());
        Assert.Equal([new TokenSpan(2, 4), new TokenSpan(6, 7)], detection.Spans);

        var counterfactuals = Counterfactuals.ForSample(Text, s_words, detection);
        Assert.Equal(["Tom runs and swims.", "Tom runs every day and swims"], counterfactuals.Select(c => c.Pruned.Text));
        Assert.Equal([0, 1], counterfactuals.Select(c => c.SpanIndex));
        Assert.Equal([0.0, 0.0], counterfactuals[0].SpanDelta);
    }

    [Fact]
    public void ForSample_MaxSpansOne_YieldsOneCounterfactual()
    {
        double[] teacher = [5, 5, 1, 2, 5, 5, 1];
        double[] student = [1, 1, 5, 5, 1, 1, 5];
        var settings = new DetectionSettings(Rho: 0.3, MaxSpansPerSample: 1);
        var detection = ConfounderDetector.Detect(teacher, student, new bool[7], settings);
        Assert.Equal(2, detection.SpanCountBeforeLimit);
        var only = Assert.Single(Counterfactuals.ForSample(Text, s_words, detection));
        Assert.Equal(new TokenSpan(6, 7), only.Span);                        // mean Δ 0 beats "every day"
    }

    [Fact]
    public void ForSample_FlatSample_YieldsNothing()
    {
        var detection = ConfounderDetector.Detect([1, 1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6, 7], new bool[7], new DetectionSettings());
        Assert.Empty(Counterfactuals.ForSample(Text, s_words, detection));
    }
}
