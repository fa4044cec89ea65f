using System.Globalization;

namespace Workbench.Experiments;

/// <summary>How a parameter of an objective is written in its term: a number, a whole number, or one of named choices.</summary>
public enum ObjectiveParameterType
{
    Number,
    Integer,
    Choice,
}

/// <summary>
/// One typed parameter of an objective kind (β, α, k, the missing mass, relation heads), described once for the validator, the
/// New run form and the API (<c>GET /api/objectives</c>). <see cref="Field"/> is its camelCase JSON name inside an objective term;
/// unset (null) means <see cref="Default"/>. The valid range is [<see cref="Min"/>, <see cref="Max"/>] (the upper end open when
/// <see cref="MaxExclusive"/>), or one of <see cref="Choices"/>.
/// </summary>
public sealed record ObjectiveParameter(string Field, string Label, ObjectiveParameterType Type)
{
    /// <summary>The value null stands for, as a number; null when it is not a number (see <see cref="DefaultText"/>).</summary>
    public double? Default { get; init; }
    /// <summary>What null means in words when it is not a number ("all", "shared head count"); else the default as text.</summary>
    public string? DefaultText { get; init; }
    public double Min { get; init; } = double.NegativeInfinity;
    public double Max { get; init; } = double.PositiveInfinity;
    public bool MaxExclusive { get; init; }
    public IReadOnlyList<string> Choices { get; init; } = [];
    /// <summary>The validation message when the value is outside the range or not a choice.</summary>
    public required string Rule { get; init; }
    /// <summary>The message when the value is above <see cref="Max"/> only; null = <see cref="Rule"/>.</summary>
    public string? MaxRule { get; init; }

    /// <summary>The value set on a term (a double?, int? or string?), or null when it takes the default.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public required Func<ObjectiveTerm, object?> Read { get; init; }

    public bool IsInteger => Type == ObjectiveParameterType.Integer;

    /// <summary>The default as the form shows it in an empty field.</summary>
    public string Placeholder => DefaultText ?? (Default is { } d ? d.ToString(CultureInfo.InvariantCulture) : "");

    public bool IsSet(ObjectiveTerm term) => Read(term) is not null;

    /// <summary>The set value as a number (numbers and integers), null when unset or a choice.</summary>
    public double? Number(ObjectiveTerm term) => Read(term) switch
    {
        double d => d,
        int i => i,
        _ => null,
    };

    /// <summary>The set value as text (choices), null when unset or a number.</summary>
    public string? Text(ObjectiveTerm term) => Read(term) as string;

    /// <summary>Null when <paramref name="term"/>'s value is unset or valid; else the message that names what is wrong.</summary>
    public string? Check(ObjectiveTerm term)
    {
        if (Read(term) is not { } value) return null;
        if (Type == ObjectiveParameterType.Choice) return Choices.Contains(value as string) ? null : Rule;
        var number = Number(term)!.Value;
        if (!double.IsFinite(number) || number < Min) return Rule;
        if (MaxExclusive ? number >= Max : number > Max) return MaxRule ?? Rule;
        return null;
    }

    // The parameters every kind may take, one per JSON field of ObjectiveTerm; a kind's descriptor lists those it takes.

    public static ObjectiveParameter Beta { get; } = new("beta", "β (0 = forward KL, 1 = reverse KL)", ObjectiveParameterType.Number)
    {
        Default = ObjectiveTerm.DefaultBeta, Min = 0, Max = 1, Rule = "β must be between 0 and 1.", Read = t => t.Beta,
    };

    public static ObjectiveParameter SkewAlpha { get; } = new("skewAlpha", "Skew α", ObjectiveParameterType.Number)
    {
        Default = ObjectiveTerm.DefaultSkewAlpha, Min = 0, Max = 1, MaxExclusive = true, Rule = "Skew α must be at least 0 and below 1.", Read = t => t.SkewAlpha,
    };

    public static ObjectiveParameter TopK { get; } = new("topK", "Top k", ObjectiveParameterType.Integer)
    {
        Default = ObjectiveTerm.DefaultTopK, Min = 1, Max = MaxTopK, Rule = "k must be at least 1.", MaxRule = $"k must be at most {MaxTopK:N0}.", Read = t => t.TopK,
    };

    /// <summary>Plackett–Luce ranks K: null (the default) ranks the whole vocabulary, as in the paper. The same JSON field as <see cref="TopK"/>.</summary>
    public static ObjectiveParameter Ranks { get; } = TopK with { Label = "Ranks K (empty = all)", Default = null, DefaultText = "all" };

    public static ObjectiveParameter MissingMass { get; } = new("missingMass", "Missing mass", ObjectiveParameterType.Choice)
    {
        DefaultText = ObjectiveTerm.MissingMassZero,
        Choices = [ObjectiveTerm.MissingMassZero, ObjectiveTerm.MissingMassSymmetricUniform],
        Rule = $"Missing mass must be '{ObjectiveTerm.MissingMassZero}' or '{ObjectiveTerm.MissingMassSymmetricUniform}'.",
        Read = t => t.MissingMass,
    };

    /// <summary>Value-relation heads A_r: null (the default) is gcd(h_S, h_T), which is h when the head counts agree (MiniLM v1).</summary>
    public static ObjectiveParameter RelationHeads { get; } = new("relationHeads", "Relation heads (empty = shared head count)", ObjectiveParameterType.Integer)
    {
        DefaultText = "shared head count", Min = 1, Max = MaxRelationHeads, Rule = "Relation heads must be at least 1.",
        MaxRule = $"Relation heads must be at most {MaxRelationHeads}.", Read = t => t.RelationHeads,
    };

    /// <summary>Above any tokenizer's vocabulary in use (the largest are about 256K); k beyond the vocabulary keeps the whole vocabulary.</summary>
    public const int MaxTopK = 1_000_000;
    public const int MaxRelationHeads = 1024;

    // One parameter per JSON field (Ranks shares topK with TopK); declared last, after the parameters it lists.
    private static readonly ObjectiveParameter[] s_byField = [Beta, SkewAlpha, TopK, MissingMass, RelationHeads];

    /// <summary>Every JSON field a parameter may use, each once (k and ranks K share <c>topK</c>).</summary>
    public static IReadOnlyList<string> Fields { get; } = [.. s_byField.Select(p => p.Field)];

    /// <summary>Whether the term sets the JSON field <paramref name="field"/> (one of <see cref="Fields"/>).</summary>
    public static bool IsSet(ObjectiveTerm term, string field) => s_byField.Any(p => p.Field == field && p.IsSet(term));
}
