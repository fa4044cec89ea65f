namespace Workbench.ModelFolders.ChatTemplates;

/// <summary>One turn of a conversation as a chat template sees it: <c>message['role']</c> and <c>message['content']</c>.</summary>
public sealed record ChatMessage(string Role, string Content)
{
    public static ChatMessage System(string content) => new("system", content);
    public static ChatMessage User(string content) => new("user", content);
    public static ChatMessage Assistant(string content) => new("assistant", content);
}
