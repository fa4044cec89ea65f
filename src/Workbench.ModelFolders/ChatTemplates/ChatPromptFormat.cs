using Workbench.ModelFolders.ChatTemplates;

namespace Workbench.ModelFolders.ChatTemplates;

/// <summary>
/// The <see cref="PromptFormat"/> of a Hugging Face folder: its chat template rendered for one user message with the generation
/// prompt (what the model sees before it answers), or plain text when the folder has no template.
/// </summary>
public static class ChatPromptFormat
{
    public static PromptFormat Of(string folder)
    {
        if (ChatTemplate.Load(folder) is not { } template) return PromptFormat.Plain;
        // The text around a user message does not depend on it (Wrap checks that for a plain word).
        var parts = template.Wrap("question");
        return new PromptFormat(parts.Prefix, parts.Suffix);
    }
}
