using Workbench.Experiments;
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

    [Fact]
    public void EncodeWithOffsets_Sentence_IdsAsEncodeAndOffsetsSelectEachWord()
    {
        const string text = "ann has 3 pens . tom is 7 years old . how many pens does ann have ?";
        var tokenizer = WordTokenizer.ForDistractor();
        var encoded = tokenizer.EncodeWithOffsets(text);
        Assert.Equal(tokenizer.Encode(text), encoded.Ids);
        Assert.Equal(text.Split(' '), encoded.Offsets.Select(o => o.Of(text)));
        Assert.Equal(text, tokenizer.Decode(encoded.Ids));
        Assert.Equal(new CharSpan(4, 7), encoded.Offsets[1]);
    }

    [Fact]
    public void EncodeWithOffsets_ExtraSpaces_OffsetsSkipThem()
    {
        var encoded = _tokenizer.EncodeWithOffsets("  ann   has ");
        Assert.Equal([new CharSpan(2, 5), new CharSpan(8, 11)], encoded.Offsets);
        Assert.Equal([_tokenizer.IdOf("ann"), _tokenizer.IdOf("has")], encoded.Ids);
    }

    [Fact]
    public void TokensCovering_DistractorSentenceSpan_GivesExactlyItsTokens()
    {
        const string text = "ann has 3 pens . tom is 7 years old . how many pens does ann have ?";
        var encoded = WordTokenizer.ForDistractor().EncodeWithOffsets(text);
        var span = new CharSpan(17, 37);                                       // "tom is 7 years old ."
        Assert.Equal("tom is 7 years old .", span.Of(text));
        Assert.Equal([5, 6, 7, 8, 9, 10], encoded.TokensCovering(span));
        Assert.Equal([1], encoded.TokensCovering(new CharSpan(5, 6)));           // part of "has"
        Assert.Empty(encoded.TokensCovering(new CharSpan(3, 4)));               // the space between two words
    }

    [Fact]
    public void ForDistractor_OwnIdAndCoversEveryWordOfBothDatasets()
    {
        var tokenizer = WordTokenizer.ForDistractor();
        Assert.NotEqual(_tokenizer.Id, tokenizer.Id);
        Assert.Equal(0, tokenizer.VocabSize % 8);
        Assert.All(DistractorProblems.Words.Concat(ArithmeticProblems.Words), w => Assert.NotEqual(tokenizer.UnkId, tokenizer.IdOf(w)));
        Assert.True(tokenizer.UsedCount > _tokenizer.UsedCount);
    }
}
