using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Data;

public sealed class HuggingFaceRunTokenizerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private HuggingFaceRunTokenizer Load(PromptFormat? format = null) =>
        HuggingFaceRunTokenizer.Load(TinyHuggingFaceFolder.Create(_dir.File("model")), TinyHuggingFaceFolder.Vocab, format);

    [Fact]
    public void Load_FixtureFolder_SpecialsFromTokenizerConfig()
    {
        var tokenizer = Load();
        Assert.Equal(TokenizerFixtures.EndOfText, tokenizer.EosId);
        Assert.Equal(TokenizerFixtures.EndOfText, tokenizer.PadId);                 // no pad_token: padding is EOS
        Assert.StartsWith(HuggingFaceRunTokenizer.IdPrefix, tokenizer.Id);
        Assert.Equal(TinyHuggingFaceFolder.Vocab, tokenizer.VocabSize);
    }

    [Fact]
    public void Encode_Piece_HasNoTemplateBosAndOffsetsCoverTheText()
    {
        var tokenizer = Load();
        const string text = "hello world 12";
        var (ids, offsets) = tokenizer.EncodeWithOffsets(text);
        Assert.DoesNotContain(TokenizerFixtures.BeginOfText, ids);                 // the template's BOS is not part of a piece
        Assert.Equal(ids.Length, offsets.Length);
        Assert.Equal(text, string.Concat(offsets.Select(o => text[o.Start..o.End])));
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [Fact]
    public void ToProblem_Plain_BosPromptNewlineAnswerEosWithPromptRangeAndOffsets()
    {
        var tokenizer = Load();
        var problem = tokenizer.ToProblem("ann has 3 pens .", "8", "t", [new CharSpan(4, 7)], "3");
        Assert.Equal(TokenizerFixtures.BeginOfText, problem.TokenIds[0]);
        Assert.Equal(1, problem.PromptStart);
        Assert.Equal(tokenizer.Encode("ann has 3 pens ."), problem.TokenIds[problem.PromptStart..problem.PromptEnd]);
        Assert.Equal(tokenizer.Encode("\n"), problem.TokenIds[problem.PromptEnd..problem.AnswerStart]);
        Assert.Equal([.. tokenizer.Encode("8"), tokenizer.EosId], problem.TokenIds[problem.AnswerStart..]);
        Assert.Equal(problem.PromptEnd - problem.PromptStart, problem.PromptOffsets!.Count);
        Assert.Equal("3", problem.Distractor);
    }

    [Fact]
    public void ToProblem_ChatFormatWithBosText_PrefixTokensBeforePromptAndNoSecondBos()
    {
        var tokenizer = Load(new PromptFormat("<|begin_of_text|>user: ", "\nassistant: "));
        var problem = tokenizer.ToProblem("hello", "world", "t");
        Assert.Single(problem.TokenIds, TokenizerFixtures.BeginOfText);
        Assert.Equal(tokenizer.Encode("<|begin_of_text|>user: ").Length, problem.PromptStart);
        Assert.Equal(tokenizer.Encode("hello"), problem.TokenIds[problem.PromptStart..problem.PromptEnd]);
    }

    [Fact]
    public void Splits_BuiltInDistractorData_GoldSpansMapToPromptTokensAndCounterfactualsRetokenise()
    {
        var tokenizer = Load();
        var splits = HuggingFaceSplits.From(BuiltInDataCatalog.Load(BuiltInDatasets.DistractorShortcut), tokenizer);
        var problem = splits.Train.First(p => p.ConfounderSpans is { Count: > 0 });
        var layout = Workbench.Training.Leaf.Pipeline.PromptLayout.Of(problem);
        Assert.NotEmpty(layout.GoldKeys);
        Assert.All(layout.GoldKeys, k => Assert.InRange(k, problem.PromptStart, problem.PromptEnd - 1));
        var pruned = splits.WithPrompt(problem, "ann has 3 pens .")!;
        Assert.Equal(problem.Answer, pruned.Answer);
        Assert.Equal(tokenizer.Encode("ann has 3 pens ."), pruned.TokenIds[pruned.PromptStart..pruned.PromptEnd]);
    }

    [Fact]
    public void ChatPromptFormat_FolderWithChatMlTemplate_PrefixAndGenerationPromptAroundThePrompt()
    {
        const string chatMl = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        var folder = TinyHuggingFaceFolder.Create(_dir.File("chat"), chatTemplate: chatMl);

        var format = ChatPromptFormat.Of(folder);

        Assert.Equal("<|im_start|>user\n", format.Prefix);
        Assert.Equal("<|im_end|>\n<|im_start|>assistant\n", format.Suffix);
        Assert.Equal(PromptFormat.Plain, ChatPromptFormat.Of(TinyHuggingFaceFolder.Create(_dir.File("plain"))));
    }

    public void Dispose() => _dir.Dispose();
}
