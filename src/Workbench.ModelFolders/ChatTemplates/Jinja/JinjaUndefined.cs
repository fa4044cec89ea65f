namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// Jinja's default Undefined: a missing variable, key or attribute. It is falsy, prints as "", iterates as empty and
/// fails (with <see cref="Reason"/>) when used as a value, e.g. in <c>+</c> or attribute access.
/// </summary>
internal sealed record JinjaUndefined(string Reason)
{
    public ChatTemplateException Fail(string position) => new($"Jinja: {Reason} (at {position}).");
}
