using Workbench.ModelFolders.ChatTemplates;
using static Workbench.Training.Tests.Data.ChatTemplates.RealChatTemplates;

namespace Workbench.Training.Tests.Data.ChatTemplates;

/// <summary>The published templates of each family render the strings transformers' apply_chat_template produces.</summary>
public sealed class ChatTemplateFamiliesTests
{
    private static readonly ChatMessage[] s_userOnly = [ChatMessage.User("Hello")];
    private static readonly ChatMessage[] s_systemAndUser = [ChatMessage.System("Be brief."), ChatMessage.User("Hello")];

    private static ChatTemplate Create(Family family, TimeProvider? clock = null) => new(family.Template, family.Bos, family.Eos, clock);

    public static TheoryData<string, bool, bool, string> Expected => new()
    {
        // family, system message?, add_generation_prompt, expected
        { "Qwen2.5", false, true, "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n" },
        { "Qwen2.5", false, false, "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n" },
        { "Qwen2.5", true, true, "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n" },
        { "Qwen2", false, true, "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n" },
        { "Qwen2", true, false, "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n" },
        { "Llama 3.1", false, true, "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n" },
        { "Llama 3.1", true, false, "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>" },
        { "Llama 3.2", true, true, "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 05 Mar 2025\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n" },
        { "Llama 3", false, true, "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n" },
        { "Llama 3", true, false, "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>" },
        { "Llama 2", false, true, "<s>[INST] Hello [/INST]" },
        { "Llama 2", true, false, "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHello [/INST]" },
        { "Mistral", false, true, "<s>[INST] Hello [/INST]" },
        { "TinyLlama", false, true, "<|user|>\nHello</s>\n<|assistant|>\n" },
        { "TinyLlama", true, true, "<|system|>\nBe brief.</s>\n<|user|>\nHello</s>\n<|assistant|>\n" },
        { "TinyLlama", true, false, "<|system|>\nBe brief.</s>\n<|user|>\nHello</s>\n" },
        { "SmolLM2", false, true, "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n" },
        { "SmolLM2", true, false, "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n" },
        { "Phi-3", true, true, "<|system|>\nBe brief.<|end|>\n<|user|>\nHello<|end|>\n<|assistant|>\n" },
        { "Phi-3", false, false, "<|user|>\nHello<|end|>\n<|endoftext|>" },
        { "Gemma", false, true, "<bos><start_of_turn>user\nHello<end_of_turn>\n<start_of_turn>model\n" },
        { "Gemma", false, false, "<bos><start_of_turn>user\nHello<end_of_turn>\n" },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Render_RealTemplate_MatchesTransformers(string family, bool withSystem, bool addGenerationPrompt, string expected)
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 3, 5, 12, 0, 0, TimeSpan.Zero));
        var template = Create(All.Single(f => f.Name == family), clock);
        Assert.Equal(expected, template.Render(withSystem ? s_systemAndUser : s_userOnly, addGenerationPrompt));
    }

    [Fact]
    public void Render_MultiTurnConversation_AlternatesTurns()
    {
        ChatMessage[] conversation = [ChatMessage.User("Hi"), ChatMessage.Assistant("Hello!"), ChatMessage.User("2+2?")];
        Assert.Equal("<s>[INST] Hi [/INST] Hello! </s><s>[INST] 2+2? [/INST]", Create(Llama2).Render(conversation, false));
        Assert.Equal("<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\nHello!<end_of_turn>\n<start_of_turn>user\n2+2?<end_of_turn>\n<start_of_turn>model\n",
            Create(Gemma).Render(conversation, true));
        Assert.Equal("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n",
            Create(Qwen25).Render(conversation, false));
    }

    [Theory]
    [InlineData("Gemma", "System role not supported")]
    [InlineData("Mistral", "Conversation roles must alternate user/assistant/user/assistant/...")]
    public void Render_SystemMessageTheTemplateRejects_ThrowsTheTemplatesMessage(string family, string message)
    {
        var error = Assert.Throws<ChatTemplateException>(() => Create(All.Single(f => f.Name == family)).Render(s_systemAndUser, true));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Render_Llama2RolesNotAlternating_RaisesException()
    {
        var error = Assert.Throws<ChatTemplateException>(() => Create(Llama2).Render([ChatMessage.User("a"), ChatMessage.User("b")], false));
        Assert.Contains("must alternate", error.Message);
    }

    [Fact]
    public void Llama32Fixture_DiffersFromLlama31_OnlyInTheDateBlock()
    {
        Assert.NotEqual(Llama31.Template, Llama32.Template);
        Assert.Contains("strftime_now(\"%d %b %Y\")", Llama32.Template);
    }
}
