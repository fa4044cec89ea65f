namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>The object <c>namespace(...)</c> makes: the only value <c>{% set ns.x = ... %}</c> may change, so it carries state out of loops.</summary>
internal sealed class JinjaNamespace(Dictionary<string, object?> attributes)
{
    public Dictionary<string, object?> Attributes { get; } = attributes;
}
