namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>The <c>loop</c> variable of a for loop: <c>index</c>, <c>index0</c>, <c>first</c>, <c>last</c>, <c>length</c> and friends.</summary>
internal sealed class JinjaLoop(IReadOnlyList<object?> items)
{
    public int Index0 { get; set; }

    public object? Get(string name) => name switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(items.Count - Index0),
        "revindex0" => (long)(items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "depth" => 1L,
        "depth0" => 0L,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : new JinjaUndefined("there is no previous item"),
        "nextitem" => Index0 < items.Count - 1 ? items[Index0 + 1] : new JinjaUndefined("there is no next item"),
        "cycle" => new JinjaCallable("loop.cycle", (args, _) => args.Count == 0 ? null : args[Index0 % args.Count]),
        _ => new JinjaUndefined($"'loop' has no attribute '{name}'"),
    };
}
