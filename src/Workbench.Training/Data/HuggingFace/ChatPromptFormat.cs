namespace Workbench.Training.Data;

/// <summary>The <see cref="PromptFormat"/> of a Hugging Face folder: its chat template for one user message, or plain text without one.</summary>
public static class ChatPromptFormat
{
    public static PromptFormat Of(string folder) => PromptFormat.Plain;
}
