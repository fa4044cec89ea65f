namespace Workbench.Web.Forms;

/// <summary>One entry of a choice field: the value written into the config and the text shown.</summary>
public sealed record ConfigChoice(string Value, string Label);
