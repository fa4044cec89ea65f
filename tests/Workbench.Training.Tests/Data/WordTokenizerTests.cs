using Workbench.Training.Data;

namespace Workbench.Training.Tests.Data;

public sealed class WordTokenizerTests
{
    private readonly WordTokenizer _tokenizer = WordTokenizer.ForArithmetic();

    [Fact]
    public void EncodeDecode_Sentence_RoundTrips()
    {
        const string text = "ann has 3 pens . she buys 5 more pens . how many pens does ann have ?";
        Assert.Equal(text, _tokenizer.Decode(_tokenizer.Encode(text)));
    }

    [Fact]
    public void Encode_UnknownWord_GivesUnk()
    {
        Assert.Equal([_tokenizer.IdOf("ann"), _tokenizer.UnkId], _tokenizer.Encode("ann zebra"));
    }

    [Fact]
    public void Ids_SpecialsAndNumbers_HaveFixedPlaces()
    {
        Assert.Equal([0, 1, 2, 3, 4], [_tokenizer.PadId, _tokenizer.BosId, _tokenizer.SepId, _tokenizer.EosId, _tokenizer.UnkId]);
        Assert.Equal(["<pad>", "<bos>", "<sep>", "<eos>", "<unk>"], Enumerable.Range(0, 5).Select(_tokenizer.TokenOf));
        Assert.Equal(5, _tokenizer.IdOf("0"));
        Assert.Equal(5 + 199, _tokenizer.IdOf("199"));
    }

    [Fact]
    public void VocabSize_Arithmetic_IsMultipleOf8AndCoversEveryWord()
    {
        Assert.Equal(0, _tokenizer.VocabSize % 8);
        Assert.True(_tokenizer.UsedCount <= _tokenizer.VocabSize);
        Assert.All(ArithmeticProblems.Words, w => Assert.NotEqual(_tokenizer.UnkId, _tokenizer.IdOf(w)));
    }

    [Fact]
    public void Constructor_SameWordsInOtherOrder_SameIds()
    {
        var a = new WordTokenizer("t", ["b", "a", "c"]);
        var b = new WordTokenizer("t", ["c", "a", "b", "a"]);
        Assert.Equal(a.Encode("a b c"), b.Encode("a b c"));
    }
}
