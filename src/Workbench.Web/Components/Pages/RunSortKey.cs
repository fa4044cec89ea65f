namespace Workbench.Web.Components.Pages;

/// <summary>Sorts a column of mixed flat values: missing first, then numbers by value, then booleans, then text (ignoring case).</summary>
public sealed record RunSortKey(object? Value) : IComparable
{
    public int CompareTo(object? other)
    {
        var that = (other as RunSortKey)?.Value;
        var byRank = Rank(Value).CompareTo(Rank(that));
        if (byRank != 0) return byRank;
        return (Value, that) switch
        {
            (double a, double b) => a.CompareTo(b),
            (bool a, bool b) => a.CompareTo(b),
            (null, null) => 0,
            _ => string.Compare(Value?.ToString(), that?.ToString(), StringComparison.OrdinalIgnoreCase),
        };
    }

    private static int Rank(object? value) => value switch { null => 0, double => 1, bool => 2, _ => 3 };
}
