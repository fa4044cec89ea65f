namespace Workbench.Experiments;

/// <summary>
/// The optional numeric parameter of an objective kind (β, α or k), described once for the validator and the
/// New run form. <see cref="Field"/> is the camelCase JSON name inside an objective term.
/// </summary>
public sealed record ObjectiveParameter(string Field, string Label, double? Default, bool IsInteger)
{
    public static ObjectiveParameter Beta { get; } = new("beta", "β (0 = forward KL, 1 = reverse KL)", ObjectiveTerm.DefaultBeta, false);
    public static ObjectiveParameter SkewAlpha { get; } = new("skewAlpha", "Skew α", ObjectiveTerm.DefaultSkewAlpha, false);
    public static ObjectiveParameter TopK { get; } = new("topK", "Top k", ObjectiveTerm.DefaultTopK, true);
    /// <summary>Plackett–Luce ranks K: null (the default) ranks the whole vocabulary, as in the paper.</summary>
    public static ObjectiveParameter Ranks { get; } = new("topK", "Ranks K (empty = all)", null, true);
    /// <summary>Value-relation heads A_r: null (the default) is gcd(h_S, h_T), which is h when the head counts agree (MiniLM v1).</summary>
    public static ObjectiveParameter RelationHeads { get; } = new("relationHeads", "Relation heads (empty = shared head count)", null, true);

    /// <summary>The value set on <paramref name="term"/>, or null when it takes the default.</summary>
    public double? Read(ObjectiveTerm term) => Field switch
    {
        "beta" => term.Beta,
        "skewAlpha" => term.SkewAlpha,
        "topK" => term.TopK,
        "relationHeads" => term.RelationHeads,
        _ => null,
    };

    /// <summary><paramref name="term"/> with this parameter set to <paramref name="value"/> (integers are rounded).</summary>
    public ObjectiveTerm Write(ObjectiveTerm term, double? value) => Field switch
    {
        "beta" => term with { Beta = value },
        "skewAlpha" => term with { SkewAlpha = value },
        "topK" => term with { TopK = Integer(value) },
        "relationHeads" => term with { RelationHeads = Integer(value) },
        _ => term,
    };

    private static int? Integer(double? value) => value is { } v ? (int)Math.Clamp(Math.Round(v), int.MinValue, int.MaxValue) : null;
}
