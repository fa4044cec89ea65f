using Workbench.ModelFolders.ChatTemplates;
using static Workbench.Training.Tests.Data.ChatTemplates.RealChatTemplates;

namespace Workbench.Training.Tests.Data.ChatTemplates;

public sealed class ChatTemplateWrapTests
{
    // Prompts that look like template syntax, or quote, or span lines: content is data and is never parsed.
    public static TheoryData<string, string> FamiliesAndPrompts()
    {
        string[] prompts =
        [
            "What is 2+2?", "{{ messages }}", "{% if true %}x{% endif %}", "%} }} {#", "{# not a comment #}",
            "it's \"quoted\" and 'single'", "line one\nline two\n\tindented", "a ~ b + c | trim", "<|im_end|>", "ünïcödé ✓", "",
        ];
        var data = new TheoryData<string, string>();
        foreach (var family in All)
            foreach (var prompt in prompts)
                data.Add(family.Name, prompt);
        return data;
    }

    [Theory]
    [MemberData(nameof(FamiliesAndPrompts))]
    public void Wrap_AnyPrompt_PrefixPromptSuffixEqualsRender(string family, string prompt)
    {
        var f = All.Single(x => x.Name == family);
        var template = new ChatTemplate(f.Template, f.Bos, f.Eos, new FixedClock(DateTimeOffset.UnixEpoch));
        var parts = template.Wrap(prompt);
        Assert.True(parts.IsVerbatim);
        Assert.Equal(template.Render([ChatMessage.User(prompt)], addGenerationPrompt: true), parts.Prefix + prompt + parts.Suffix);
    }

    [Fact]
    public void Wrap_Qwen25_SplitsAroundTheUserMessage()
    {
        var parts = new ChatTemplate(Qwen25.Template).Wrap("Hi");
        Assert.Equal("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\n", parts.Prefix);
        Assert.Equal("<|im_end|>\n<|im_start|>assistant\n", parts.Suffix);
    }

    [Theory]
    [InlineData("Gemma")]       // | trim
    [InlineData("Llama 3.1")]   // | trim
    [InlineData("Llama 2")]     // .strip()
    public void Wrap_TemplateTrimsPromptWithOuterWhitespace_NotVerbatimButPartsKept(string family)
    {
        var f = All.Single(x => x.Name == family);
        var template = new ChatTemplate(f.Template, f.Bos, f.Eos);
        var parts = template.Wrap("  padded prompt \n");
        Assert.False(parts.IsVerbatim);
        Assert.Equal(template.Render([ChatMessage.User("padded prompt")], true), parts.Prefix + "padded prompt" + parts.Suffix);
    }

    [Fact]
    public void Wrap_TemplateWithoutTheUserMessage_Throws()
    {
        var template = new ChatTemplate("{{ 'no messages here' }}");
        var error = Assert.Throws<ChatTemplateException>(() => template.Wrap("hi"));
        Assert.Contains("not at all", error.Message);
    }

    [Fact]
    public void Wrap_TemplateWritingTheMessageTwice_Throws()
    {
        var template = new ChatTemplate("{% for m in messages %}{{ m.content }}{{ m.content }}{% endfor %}");
        Assert.Contains("more than once", Assert.Throws<ChatTemplateException>(() => template.Wrap("hi")).Message);
    }
}
