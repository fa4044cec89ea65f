namespace Workbench.Training.Data.Bpe;

/// <summary>
/// The special tokens and chat template of Qwen2's ChatML format: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>
/// per message. The tokens get the ids right after the BPE vocabulary, in the order of <see cref="SpecialTokens"/>.
/// </summary>
public static class ChatMl
{
    /// <summary>Padding, and the separator between documents; the model config's bos_token_id.</summary>
    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    /// <summary>Ends every message: the tokenizer's eos_token, where generation stops.</summary>
    public const string ImEnd = "<|im_end|>";

    public static IReadOnlyList<string> SpecialTokens { get; } = [EndOfText, ImStart, ImEnd];

    /// <summary>
    /// Qwen2's ChatML Jinja template (newlines written as real newline characters, as Qwen2's file has them) without the default system message: a conversation renders as its messages only,
    /// and <c>add_generation_prompt</c> opens the assistant's turn.
    /// </summary>
    public const string ChatTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    /// <summary>The id of special token <paramref name="token"/> in a tokenizer whose BPE has <paramref name="bpeCount"/> tokens.</summary>
    public static int IdOf(string token, int bpeCount)
    {
        var index = SpecialTokens.ToList().IndexOf(token);
        if (index < 0) throw new ArgumentException($"'{token}' is not a ChatML special token.", nameof(token));
        return bpeCount + index;
    }
}
