using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;
using Workbench.Training.Data;
using Workbench.Training.Data.Bpe;
using Workbench.Training.Demo;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Demo;

/// <summary>The demo tokenizer trained once on <see cref="DemoCorpus"/>, written to a folder and loaded back.</summary>
public sealed class DemoTokenizerFixture : IDisposable
{
    public DemoTokenizerFixture()
    {
        Texts = [.. DemoCorpus.Texts()];
        Bpe = ByteLevelBpeTrainer.Train(Texts, DemoModelFolders.BpeVocabSize);
        TokenizerFolderWriter.Write(Folder.Path, Bpe, modelMaxLength: 256);
        Tokenizer = HuggingFaceTokenizer.Load(Folder.Path);
    }

    public TempDirectory Folder { get; } = new();
    public IReadOnlyList<string> Texts { get; }
    public ByteLevelBpe Bpe { get; }
    public Tokenizer Tokenizer { get; }

    public void Dispose() => Folder.Dispose();
}

public sealed class DemoTokenizerTests(DemoTokenizerFixture fixture) : IClassFixture<DemoTokenizerFixture>
{
    private Tokenizer Tokenizer => fixture.Tokenizer;

    [Fact]
    public void EncodeDecode_EveryCorpusText_RoundTrips()
    {
        foreach (var text in fixture.Texts)
            Assert.Equal(text, Tokenizer.Decode(Tokenizer.EncodeToIds(text)));
    }

    [Fact]
    public void Encode_EveryWordOfTheDatasets_IsOneToken()
    {
        var words = fixture.Texts.SelectMany(Gpt2PreTokenizer.Split).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains(" pens", words);
        Assert.Contains("ann", words);
        foreach (var word in words)
            Assert.True(Tokenizer.EncodeToIds(word).Count == 1, $"'{word}' is {Tokenizer.EncodeToIds(word).Count} tokens");
    }

    [Fact]
    public void Encode_Numbers0To199_AreOneTokenWithAndWithoutLeadingSpace()
    {
        for (var n = 0; n <= DemoCorpus.MaxNumber; n++)
        {
            Assert.Single(Tokenizer.EncodeToIds(n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Single(Tokenizer.EncodeToIds(" " + n));
        }
    }

    [Fact]
    public void Encode_ChatMlConversation_SpecialsAreSingleIdsAfterTheBpe()
    {
        var (start, end) = (ChatMl.IdOf(ChatMl.ImStart, fixture.Bpe.Count), ChatMl.IdOf(ChatMl.ImEnd, fixture.Bpe.Count));
        var text = "<|im_start|>user\nann has 3 pens . she buys 5 more pens . how many pens does ann have ?<|im_end|>\n<|im_start|>assistant\n8<|im_end|>\n";
        var ids = Tokenizer.EncodeToIds(text);

        Assert.Equal(start, ids[0]);
        Assert.Equal(2, ids.Count(id => id == start));
        Assert.Equal(2, ids.Count(id => id == end));
        Assert.Equal(text, Tokenizer.Decode(ids));
        Assert.Equal([ChatMl.IdOf(ChatMl.EndOfText, fixture.Bpe.Count)], Tokenizer.EncodeToIds(ChatMl.EndOfText));
        Assert.Equal(fixture.Bpe.Count + 2, end);
        Assert.All(ids, id => Assert.InRange(id, 0, TokenizerFolderWriter.TotalVocabSize(fixture.Bpe) - 1));
    }

    [Fact]
    public void Write_SameCorpusTwice_ByteIdenticalFiles()
    {
        using var again = new TempDirectory();
        TokenizerFolderWriter.Write(again.Path, ByteLevelBpeTrainer.Train(DemoCorpus.Texts(), DemoModelFolders.BpeVocabSize), modelMaxLength: 256);
        var names = Directory.GetFiles(fixture.Folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["generation_config.json", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json"], names);
        foreach (var name in names)
            Assert.Equal(File.ReadAllBytes(fixture.Folder.File(name!)), File.ReadAllBytes(again.File(name!)));
    }

    [Fact]
    public void TokenizerJson_HasTheHuggingFaceByteLevelBpeShape()
    {
        var json = JsonNode.Parse(File.ReadAllText(fixture.Folder.File("tokenizer.json")))!;
        Assert.Equal("BPE", (string?)json["model"]!["type"]);
        Assert.False((bool)json["model"]!["byte_fallback"]!);
        Assert.Equal(fixture.Bpe.Count, json["model"]!["vocab"]!.AsObject().Count);
        Assert.Equal(fixture.Bpe.Merges.Count, json["model"]!["merges"]!.AsArray().Count);
        Assert.Equal("Ġ p", (string?)json["model"]!["merges"]!.AsArray().Select(m => (string?)m).First(m => m == "Ġ p"));
        Assert.Equal("ByteLevel", (string?)json["pre_tokenizer"]!["type"]);
        Assert.False((bool)json["pre_tokenizer"]!["add_prefix_space"]!);
        Assert.True((bool)json["pre_tokenizer"]!["use_regex"]!);
        Assert.Equal("ByteLevel", (string?)json["decoder"]!["type"]);
        Assert.Null(json["normalizer"]);
        Assert.Equal(ChatMl.SpecialTokens, json["added_tokens"]!.AsArray().Select(t => (string?)t!["content"]));
        Assert.Contains("Ġpens", File.ReadAllText(fixture.Folder.File("tokenizer.json")));     // UTF-8, not \u escapes

        var config = JsonNode.Parse(File.ReadAllText(fixture.Folder.File("tokenizer_config.json")))!;
        Assert.Null(config["bos_token"]);
        Assert.Equal(ChatMl.ImEnd, (string?)config["eos_token"]);
        Assert.Equal(ChatMl.EndOfText, (string?)config["pad_token"]);
        Assert.Equal("PreTrainedTokenizerFast", (string?)config["tokenizer_class"]);
        Assert.Equal(ChatMl.ChatTemplate, (string?)config["chat_template"]);
        Assert.DoesNotContain("system", ChatMl.ChatTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeFormat_DemoTokenizer_IsByteLevelBpe() =>
        Assert.Equal("byte-level BPE (tokenizer.json)", HuggingFaceTokenizer.DescribeFormat(fixture.Folder.Path));
}
