namespace Workbench.ModelFolders.ChatTemplates;

/// <summary>
/// A user prompt's place in the rendered chat template: the text is <c>Prefix + prompt + Suffix</c>, so a tokenizer
/// can encode the three parts separately and token offsets inside the prompt stay offsets into the raw prompt.
/// </summary>
/// <param name="Prefix">Everything the template writes before the user message (system turn, role header, BOS text…).</param>
/// <param name="Suffix">Everything after it (end-of-turn marker and the generation prompt).</param>
/// <param name="IsVerbatim">
/// True when the template copies the prompt unchanged, i.e. <c>Prefix + prompt + Suffix == Render([user: prompt], true)</c>.
/// False when it transforms it (Gemma's and Llama 3's <c>| trim</c>, Llama 2's <c>.strip()</c> on a prompt with outer
/// whitespace, or a template that branches on the content): the parts are still where the template puts the user
/// message, but the rendered text differs from the concatenation, so offsets into the raw prompt do not map 1:1.
/// </param>
public sealed record PromptParts(string Prefix, string Suffix, bool IsVerbatim);
