namespace Workbench.Training.Data;

/// <summary>
/// Irrelevant sentences that mention a number (GSM-IC's "irrelevant context"): about another person or thing, never
/// about the items of the problem, and none has the shape of a problem sentence ("{name} has {n} {item}").
/// </summary>
internal static class DistractorTemplates
{
    // Six tokens each, so the question's numbers move by 0 or 6 positions, whichever sentence is drawn. The word before
    // the number never precedes a number in a problem sentence (has, are, buys, ...): a causal model reads a number's
    // role from what comes before it.
    private static readonly string[] s_templates =
    [
        "{person} is {n} years old .",
        "{person} walked {n} miles today .",
        "{person} read {n} pages yesterday .",
        "{person} slept {n} hours today .",
        "{person} ran {n} laps today .",
        "the shop opens at {n} .",
        "the bus leaves at {n} .",
        "the class starts at {n} .",
        "the movie lasts {n} hours .",
        "the game lasted {n} minutes .",
    ];

    private static readonly string[] s_people = [.. ArithmeticTemplates.Female, .. ArithmeticTemplates.Male];

    /// <summary>Every word the sentences can produce (numbers, names and items aside, which the arithmetic words hold).</summary>
    public static IReadOnlyList<string> Words { get; } =
        [.. s_templates.SelectMany(t => t.Split(' ')).Where(w => !w.StartsWith('{')).Distinct(StringComparer.Ordinal)];

    /// <summary>A sentence with <paramref name="number"/> about someone not in <paramref name="problem"/> or about a thing.</summary>
    public static string Sentence(Random random, DrawnProblem problem, int number)
    {
        var template = s_templates[random.Next(s_templates.Length)];
        var person = s_people[random.Next(s_people.Length)];
        while (problem.People.Contains(person)) person = s_people[random.Next(s_people.Length)];
        return template.Replace("{person}", person).Replace("{n}", ArithmeticTemplates.Number(number));
    }
}
