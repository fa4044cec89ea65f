namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>A Python tuple: behaves as a list everywhere except that it prints as <c>(1, 2)</c> and never equals a list.</summary>
internal sealed class JinjaTuple(IEnumerable<object?> items) : List<object?>(items);
