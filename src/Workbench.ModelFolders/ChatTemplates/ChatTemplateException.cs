namespace Workbench.ModelFolders.ChatTemplates;

/// <summary>
/// A chat template failed to parse or render: a syntax error, a type error while rendering, or the template's own
/// <c>raise_exception(message)</c> (then <see cref="Exception.Message"/> carries the template's message).
/// Constructs the interpreter does not implement throw <see cref="NotSupportedException"/> instead.
/// </summary>
public sealed class ChatTemplateException(string message) : Exception(message);
