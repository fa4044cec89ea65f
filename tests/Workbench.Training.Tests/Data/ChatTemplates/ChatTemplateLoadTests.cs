using System.Text.Json;
using Workbench.ModelFolders.ChatTemplates;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Data.ChatTemplates;

public sealed class ChatTemplateLoadTests
{
    private static void WriteJson(TempDirectory dir, string name, object value) => File.WriteAllText(dir.File(name), JsonSerializer.Serialize(value));

    [Fact]
    public void Load_FolderWithoutTemplate_ReturnsNull()
    {
        using var dir = new TempDirectory();
        WriteJson(dir, "tokenizer_config.json", new { bos_token = "<s>" });
        Assert.Null(ChatTemplate.Load(dir.Path));
    }

    [Fact]
    public void Load_TokenizerConfigString_ReadsTemplateAndTokens()
    {
        using var dir = new TempDirectory();
        WriteJson(dir, "tokenizer_config.json", new
        {
            chat_template = "{{ bos_token }}{{ messages[0].content }}{{ eos_token }}",
            bos_token = new { content = "<s>", lstrip = false },                // AddedToken object form
            eos_token = "</s>",
        });
        var template = ChatTemplate.Load(dir.Path)!;
        Assert.Equal(("<s>", "</s>"), (template.BosToken, template.EosToken));
        Assert.Equal("<s>hi</s>", template.Render([ChatMessage.User("hi")], false));
    }

    [Fact]
    public void Load_NamedTemplateList_UsesDefault()
    {
        using var dir = new TempDirectory();
        WriteJson(dir, "tokenizer_config.json", new
        {
            chat_template = new[] { new { name = "tool_use", template = "tools" }, new { name = "default", template = "plain" } },
        });
        Assert.Equal("plain", ChatTemplate.Load(dir.Path)!.Source);
    }

    [Fact]
    public void Load_NamedTemplateListWithoutDefault_Throws()
    {
        using var dir = new TempDirectory();
        WriteJson(dir, "tokenizer_config.json", new { chat_template = new[] { new { name = "rag", template = "x" } } });
        Assert.Contains("default", Assert.Throws<InvalidDataException>(() => ChatTemplate.Load(dir.Path)).Message);
    }

    [Fact]
    public void Load_JinjaFile_WinsOverTokenizerConfig()
    {
        using var dir = new TempDirectory();
        WriteJson(dir, "tokenizer_config.json", new { chat_template = "from config", eos_token = "</s>" });
        File.WriteAllText(dir.File("chat_template.jinja"), "from file{{ eos_token }}\n");
        var template = ChatTemplate.Load(dir.Path)!;
        Assert.Equal("from file</s>", template.Render([], false));                  // Jinja drops the one trailing newline
    }

    [Fact]
    public void Load_ChatTemplateJson_UsedWhenConfigHasNone()
    {
        using var dir = new TempDirectory();
        WriteJson(dir, "tokenizer_config.json", new { eos_token = "</s>" });
        WriteJson(dir, "chat_template.json", new { chat_template = "json {{ messages | length }}" });
        Assert.Equal("json 0", ChatTemplate.Load(dir.Path)!.Render([], false));
    }
}
