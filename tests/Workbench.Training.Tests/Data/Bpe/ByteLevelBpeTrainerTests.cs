using Workbench.Training.Data.Bpe;

namespace Workbench.Training.Tests.Data.Bpe;

public sealed class ByteLevelBpeTrainerTests
{
    // Word types: "abab", "ab", "ba". Pair counts (a,b)=3, (b,a)=2, so "a b" first. Then (ab,ab)=1 and (b,a)=1 tie,
    // and the smaller id pair wins: b (65) a (64) beats ab (256) ab (256). Last "ab ab" joins the only pair left.
    private static readonly string[] s_tinyCorpus = ["abab", "ab", "ba"];

    [Fact]
    public void Train_TinyCorpus_MergesAsWorkedByHand()
    {
        var bpe = ByteLevelBpeTrainer.Train(s_tinyCorpus, vocabSize: 1000);

        Assert.Equal([("a", "b"), ("b", "a"), ("ab", "ab")], bpe.Merges);
        Assert.Equal(["ab", "ba", "abab"], bpe.Tokens.Skip(256));
        Assert.Equal(259, bpe.Count);                                          // stops when no pair is left
    }

    [Fact]
    public void Train_TargetSize_StopsThere()
    {
        var bpe = ByteLevelBpeTrainer.Train(s_tinyCorpus, vocabSize: 257);
        Assert.Equal([("a", "b")], bpe.Merges);
        Assert.Equal(257, bpe.Count);
    }

    [Fact]
    public void Train_AlphabetIsAll256BytesInCodePointOrder()
    {
        var bpe = ByteLevelBpeTrainer.Train([], vocabSize: 300);
        Assert.Equal(256, bpe.Count);
        Assert.Equal("!", bpe.Tokens[0]);
        Assert.Equal(64, bpe.Tokens.ToList().IndexOf("a"));
        Assert.Equal(bpe.Tokens.Order(StringComparer.Ordinal), bpe.Tokens);
    }

    [Fact]
    public void Train_LeadingSpace_IsPartOfTheWordAsG()
    {
        var bpe = ByteLevelBpeTrainer.Train(["pens pens pens"], vocabSize: 1000);
        Assert.Contains("pens", bpe.Tokens);
        Assert.Contains("Ġpens", bpe.Tokens);
        Assert.DoesNotContain(bpe.Tokens, t => t.Contains("sĠ", StringComparison.Ordinal));   // no merge crosses a word boundary
    }
}
