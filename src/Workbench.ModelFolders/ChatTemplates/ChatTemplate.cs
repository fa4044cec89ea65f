using Workbench.ModelFolders.ChatTemplates.Jinja;

namespace Workbench.ModelFolders.ChatTemplates;

/// <summary>
/// A Hugging Face chat template, rendered as transformers' <c>apply_chat_template(messages, tokenize=False)</c> does:
/// Jinja with trim_blocks and lstrip_blocks, the variables <c>messages</c>, <c>add_generation_prompt</c>,
/// <c>bos_token</c>, <c>eos_token</c>, <c>tools = none</c>, <c>documents = none</c>, and the functions
/// <c>raise_exception</c> and <c>strftime_now</c>. Only a subset of Jinja is implemented (see <c>Jinja/</c>);
/// anything else fails at parse time with a <see cref="NotSupportedException"/> that names the construct and position.
/// </summary>
public sealed class ChatTemplate
{
    // Private-use characters and no whitespace: no real prompt contains it, and trimming cannot change it.
    private const string Sentinel = "\uE000workbench-prompt\uE001";

    private readonly JinjaTemplate _template;
    private readonly TimeProvider _clock;

    public ChatTemplate(string source, string? bosToken = null, string? eosToken = null, TimeProvider? clock = null)
    {
        Source = source;
        BosToken = bosToken;
        EosToken = eosToken;
        _clock = clock ?? TimeProvider.System;
        _template = new JinjaTemplate(source);
    }

    /// <summary>The Jinja source of the template.</summary>
    public string Source { get; }

    /// <summary>tokenizer_config.json's <c>bos_token</c>, exposed to the template as <c>bos_token</c>; null when absent.</summary>
    public string? BosToken { get; }

    /// <summary>tokenizer_config.json's <c>eos_token</c>, exposed to the template as <c>eos_token</c>; null when absent.</summary>
    public string? EosToken { get; }

    /// <summary>
    /// The template of a Hugging Face model folder: <c>chat_template.jinja</c>, else tokenizer_config.json's
    /// <c>chat_template</c> (a string, or the entry named "default" of a list), else chat_template.json's; null when the
    /// folder has none. <paramref name="clock"/> feeds <c>strftime_now</c> (Llama 3.x dates).
    /// </summary>
    public static ChatTemplate? Load(string modelFolder, TimeProvider? clock = null)
    {
        var contents = ChatTemplateFolder.Read(modelFolder);
        return contents.Template is null ? null : new ChatTemplate(contents.Template, contents.BosToken, contents.EosToken, clock);
    }

    /// <summary>Renders the conversation; <paramref name="addGenerationPrompt"/> appends the assistant header.</summary>
    /// <exception cref="ChatTemplateException">The template raised an error (e.g. roles that do not alternate) or failed.</exception>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var variables = new Dictionary<string, object?>
        {
            ["messages"] = messages.Select(m => (object?)new Dictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content }).ToList(),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["tools"] = null,
            ["documents"] = null,
        };
        if (BosToken is not null) variables["bos_token"] = BosToken;
        if (EosToken is not null) variables["eos_token"] = EosToken;
        return _template.Render(variables, _clock);
    }

    /// <summary>
    /// Splits <c>Render([user: userPrompt], addGenerationPrompt: true)</c> around the prompt: the template is rendered
    /// with a sentinel as the content, and the text before and after the sentinel are the prefix and suffix. When the
    /// template transforms the prompt (trims it, say) the parts are returned with <see cref="PromptParts.IsVerbatim"/>
    /// false rather than thrown, so the caller decides whether the mismatch matters (it does for offset mapping).
    /// </summary>
    /// <exception cref="ChatTemplateException">The template does not write the user message exactly once.</exception>
    public PromptParts Wrap(string userPrompt)
    {
        var rendered = Render([ChatMessage.User(Sentinel)], addGenerationPrompt: true);
        var at = rendered.IndexOf(Sentinel, StringComparison.Ordinal);
        if (at < 0 || rendered.IndexOf(Sentinel, at + 1, StringComparison.Ordinal) >= 0)
            throw new ChatTemplateException(
                $"The chat template writes the user message {(at < 0 ? "not at all or changed" : "more than once")}, so the prompt's place in the rendered text cannot be found.");
        var parts = new PromptParts(rendered[..at], rendered[(at + Sentinel.Length)..], IsVerbatim: true);
        var actual = Render([ChatMessage.User(userPrompt)], addGenerationPrompt: true);
        return actual == parts.Prefix + userPrompt + parts.Suffix ? parts : parts with { IsVerbatim = false };
    }
}
