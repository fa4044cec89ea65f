namespace Workbench.ModelFolders.ChatTemplates;

/// <summary>
/// The text around a prompt when a model is asked to answer it: a chat template rendered for one user message with the
/// generation prompt (<see cref="Prefix"/> + prompt + <see cref="Suffix"/>), or, without a template, a newline after the prompt.
/// </summary>
public sealed record PromptFormat(string Prefix, string Suffix)
{
    /// <summary>No template: the prompt, a newline, then the answer.</summary>
    public static PromptFormat Plain { get; } = new("", "\n");
}
