using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using Workbench.Training.Data;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Data;

public sealed class HuggingFaceTokenizerTests
{
    private static Tokenizer LoadJson(string json)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), json);
        return HuggingFaceTokenizer.Load(dir.Path);
    }

    [Fact]
    public void Load_ByteLevelTokenizerJson_MergesWordsAndPrependsTemplateBos()
    {
        var tokenizer = LoadJson(TokenizerFixtures.ByteLevel());
        var ids = tokenizer.EncodeToIds("hello world");
        Assert.Equal([TokenizerFixtures.BeginOfText, 259, 264], ids);                 // <|begin_of_text|>, "hello", "Ġworld"
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("Héllo, wörld! 12345\nnew  line ✓")]
    public void EncodeDecode_ByteLevelTokenizerJson_RoundTripsAnyText(string text)
    {
        var tokenizer = LoadJson(TokenizerFixtures.ByteLevel(bosTemplate: false));
        var ids = tokenizer.EncodeToIds(text);
        Assert.Equal(text, tokenizer.Decode(ids));                                   // every byte has a token, so nothing is lost
    }

    [Fact]
    public void Load_MergesAsPairs_SameIdsAsMergesAsStrings()
    {
        var strings = LoadJson(TokenizerFixtures.ByteLevel()).EncodeToIds("hello world hello");
        var pairs = LoadJson(TokenizerFixtures.ByteLevel(arrayMerges: true)).EncodeToIds("hello world hello");
        Assert.Equal(strings, pairs);
    }

    [Fact]
    public void Encode_AddedTokenInText_IsOneId()
    {
        var tokenizer = LoadJson(TokenizerFixtures.ByteLevel(bosTemplate: false));
        Assert.Equal([259, TokenizerFixtures.EndOfText], tokenizer.EncodeToIds("hello<|end_of_text|>"));
    }

    [Fact]
    public void Encode_AddedTokenAlsoInVocab_IsOneId()
    {
        // GPT-2's tokenizer.json lists <|endoftext|> both in model.vocab and in added_tokens.
        var json = JsonNode.Parse(TokenizerFixtures.ByteLevel(bosTemplate: false))!.AsObject();
        json["model"]!["vocab"]!["<|end_of_text|>"] = TokenizerFixtures.EndOfText;
        Assert.Equal([259, TokenizerFixtures.EndOfText, 264], LoadJson(json.ToJsonString()).EncodeToIds("hello<|end_of_text|> world"));
    }

    [Fact]
    public void Load_SentencePieceModel_EncodesWithBosAndRoundTrips()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("tokenizer.model"), TokenizerFixtures.SentencePieceModel());
        var tokenizer = HuggingFaceTokenizer.Load(dir.Path);
        var ids = tokenizer.EncodeToIds("hello world");
        Assert.Equal([1, 15, 20], ids);                                                 // <s>, "▁hello", "▁world"
        Assert.Equal("hello world", tokenizer.Decode(ids));
        Assert.Equal("SentencePiece BPE (tokenizer.model)", HuggingFaceTokenizer.DescribeFormat(dir.Path));
    }

    [Fact]
    public void Load_SentencePieceWithAddBosFalse_OmitsBos()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("tokenizer.model"), TokenizerFixtures.SentencePieceModel());
        File.WriteAllText(dir.File("tokenizer_config.json"), """{"add_bos_token": false}""");
        Assert.Equal([15, 20], HuggingFaceTokenizer.Load(dir.Path).EncodeToIds("hello world"));
    }

    [Fact]
    public void Load_UnigramTokenizerJson_EncodesWithMetaspaceAndViterbi()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), TokenizerFixtures.Unigram());
        Assert.Equal([1, 1], HuggingFaceTokenizer.Load(dir.Path).EncodeToIds("a a"));
        Assert.Equal("Unigram (tokenizer.json)", HuggingFaceTokenizer.DescribeFormat(dir.Path));
    }

    [Fact]
    public void Load_PrecompiledNormalizerWithoutModelFile_ThrowsNotSupportedNamingIt()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), TokenizerFixtures.PrecompiledUnigram());
        var ex = Assert.Throws<NotSupportedException>(() => HuggingFaceTokenizer.Load(dir.Path));
        Assert.Contains("Precompiled normalizer", ex.Message);
        Assert.StartsWith("unsupported: ", HuggingFaceTokenizer.DescribeFormat(dir.Path));
    }

    [Fact]
    public void Load_UnsupportedTokenizerJsonWithModelFile_FallsBackToSentencePiece()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("tokenizer.json"), TokenizerFixtures.PrecompiledUnigram());
        File.WriteAllBytes(dir.File("tokenizer.model"), TokenizerFixtures.SentencePieceModel());
        Assert.Equal([1, 15, 20], HuggingFaceTokenizer.Load(dir.Path).EncodeToIds("hello world"));
    }

    [Fact]
    public void DescribeFormat_FolderWithoutTokenizer_IsNull()
    {
        using var dir = new TempDirectory();
        Assert.Null(HuggingFaceTokenizer.DescribeFormat(dir.Path));
        Assert.Throws<NotSupportedException>(() => HuggingFaceTokenizer.Load(dir.Path));
    }
}
