using System.Text.Json.Nodes;
using Workbench.ModelFolders.Tokenizers.Pipeline;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Data.HuggingFace.Pipeline;

/// <summary>The behaviours the parity tests rest on, one at a time (the reference agrees on each; see JsonTokenizerParityTests).</summary>
public sealed class JsonTokenizerTests
{
    private static JsonTokenizer Family(string name, Action<JsonObject>? change = null)
    {
        var (json, _) = TokenizerFamilies.Create(name);
        change?.Invoke(json);
        return new JsonTokenizer(json);
    }

    private static int[] Ids(JsonTokenizer tokenizer, string text) => [.. tokenizer.Encode(text).Select(t => t.Id)];

    [Fact]
    public void Encode_IgnoreMerges_TakesAVocabularyWordWhole()
    {
        var llama3 = Family("llama3");
        var withoutIgnore = Family("llama3", json => json["model"]!["ignore_merges"] = false);
        Assert.Equal(2, Ids(llama3, " quokkas").Length);                            // <|begin_of_text|> and " quokkas"
        Assert.True(Ids(withoutIgnore, " quokkas").Length > 2);                      // merges alone split it
        Assert.Equal(llama3.TokenToId("Ġquokkas"), Ids(llama3, " quokkas")[1]);
    }

    [Theory]
    [InlineData("a𝐀b", new[] { "a𝐀b" })]                                          // an astral letter is a letter
    [InlineData("x𝟏y", new[] { "x", "𝟏", "y" })]                                  // an astral digit is a number
    [InlineData("😀😀 a", new[] { "😀😀", " a" })]                                 // an emoji is neither
    public void CodePointRegex_AstralCharacters_ClassifiedByTheirCategory(string text, string[] expected)
    {
        var regex = new CodePointRegex(TokenizerFamilies.Llama3Pattern);
        Assert.Equal(expected, regex.Matches(text).Select(m => text[m.Start..m.End]));
    }

    [Fact]
    public void Encode_OffsetsOfAnAstralWord_CoverItInTheOriginalText()
    {
        var tokens = Family("llama3").Encode("a𝐀b c");
        Assert.Equal(new Range(0, 0), tokens[0].Offset);                            // the template's BOS
        Assert.Equal(0, tokens[1].Offset.Start.Value);
        Assert.Equal("a𝐀b c".Length, tokens[^1].Offset.End.Value);
        Assert.All(tokens.Skip(1), t => Assert.True(t.Offset.End.Value > t.Offset.Start.Value));
    }

    [Fact]
    public void Encode_WordPieceWordOverTheLimit_IsOneUnknown()
    {
        var bert = Family("bert");
        Assert.Equal([bert.TokenToId("[CLS]")!.Value, bert.TokenToId("[UNK]")!.Value, bert.TokenToId("[SEP]")!.Value], Ids(bert, new string('a', 101)));
        Assert.Equal("[CLS] hello world! [SEP]", bert.Decode(Ids(bert, "Héllo   WORLD!")));
    }

    [Fact]
    public void Encode_UnigramUnknownCharacters_FuseToOneUnknownOrFallBackToBytes()
    {
        var t5 = Family("t5-unigram");
        var gemma = Family("gemma-unigram");
        Assert.Contains(t5.TokenToId("<unk>")!.Value, Ids(t5, "😃🎉"));
        Assert.Equal(" 😃🎉".Trim(), gemma.Decode(Ids(gemma, "😃🎉")).Replace("<eos>", "").Trim());
        Assert.Contains(gemma.TokenToId("<0xF0>")!.Value, Ids(gemma, "😃"));
    }

    [Fact]
    public void Encode_Llama2ByteFallback_DecodesBackToTheText()
    {
        var llama2 = Family("llama2");
        var ids = Ids(llama2, "东京 😃");
        Assert.Equal(llama2.TokenToId("<s>"), ids[0]);
        Assert.Contains(llama2.TokenToId("<0xE4>")!.Value, ids);
        Assert.Equal("<s> 东京 😃", llama2.Decode(ids));
    }

    [Theory]
    [InlineData("""{"type":"WordLevel","vocab":{"a":0},"unk_token":"a"}""", null, "WordLevel model")]
    [InlineData("""{"type":"BPE","dropout":0.1,"vocab":{"a":0},"merges":[]}""", null, "dropout")]
    [InlineData("""{"type":"BPE","vocab":{"a":0},"merges":[]}""", """{"type":"Precompiled","precompiled_charsmap":"AA=="}""", "Precompiled normalizer")]
    [InlineData("""{"type":"BPE","vocab":{"a":0},"merges":[]}""", """{"type":"Nmt"}""", "Nmt normalizer")]
    public void Create_UnsupportedPart_IsRefusedByName(string model, string? normalizer, string named)
    {
        var json = new JsonObject { ["model"] = JsonNode.Parse(model), ["normalizer"] = normalizer is null ? null : JsonNode.Parse(normalizer) };
        var ex = Assert.Throws<NotSupportedException>(() => new JsonTokenizer(json));
        Assert.Contains(named, ex.Message);
    }
}
