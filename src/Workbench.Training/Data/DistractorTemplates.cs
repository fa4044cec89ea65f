namespace Workbench.Training.Data;

/// <summary>
/// Irrelevant sentences that mention a number (GSM-IC's "irrelevant context"): about another person or thing, never
/// about the quantity asked for. One of them mentions other items, so the copy cue is not just "a number after has".
/// </summary>
internal static class DistractorTemplates
{
    private static readonly string[] s_templates =
    [
        "{person} is {n} years old .",
        "{person} walked {n} miles today .",
        "{person} read {n} pages yesterday .",
        "{person} slept {n} hours last night .",
        "{person} has {n} {other_item} at home .",
        "the shop has {n} windows .",
        "the bus has {n} seats .",
        "the park has {n} trees .",
        "the class has {n} desks .",
        "the farm has {n} cows .",
    ];

    private static readonly string[] s_people = [.. ArithmeticTemplates.Female, .. ArithmeticTemplates.Male];

    /// <summary>Every word the sentences can produce (numbers, names and items aside, which the arithmetic words hold).</summary>
    public static IReadOnlyList<string> Words { get; } =
        [.. s_templates.SelectMany(t => t.Split(' ')).Where(w => !w.StartsWith('{')).Distinct(StringComparer.Ordinal)];

    /// <summary>A sentence with <paramref name="number"/> about someone not in <paramref name="problem"/> and items it does not count.</summary>
    public static string Sentence(Random random, DrawnProblem problem, int number)
    {
        var template = s_templates[random.Next(s_templates.Length)];
        var person = s_people[random.Next(s_people.Length)];
        while (problem.People.Contains(person)) person = s_people[random.Next(s_people.Length)];
        var item = ArithmeticTemplates.Items[random.Next(ArithmeticTemplates.Items.Length)];
        while (item == problem.Item) item = ArithmeticTemplates.Items[random.Next(ArithmeticTemplates.Items.Length)];
        return template.Replace("{person}", person).Replace("{other_item}", item).Replace("{n}", ArithmeticTemplates.Number(number));
    }
}
