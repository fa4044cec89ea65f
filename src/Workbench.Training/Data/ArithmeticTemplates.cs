using System.Globalization;

namespace Workbench.Training.Data;

/// <summary>
/// The word-problem templates, names, items and operand ranges shared by the built-in datasets, and the one
/// way to draw a problem from a <see cref="Random"/>. The draw order is part of the data: changing it changes
/// every generated split (a pin test guards the <c>arithmetic</c> dataset).
/// </summary>
internal static class ArithmeticTemplates
{
    // Operands stay small (sums 4..18) so a 4 × 128 model learns the task in a few hundred steps.
    public const int MinOperand = 2;
    public const int MaxOperand = 9;
    /// <summary>Smallest possible answer (a subtraction leaves at least 1).</summary>
    public const int MinAnswer = 1;
    /// <summary>Largest possible answer (9 + 9).</summary>
    public const int MaxAnswer = 2 * MaxOperand;

    public static readonly string[] Female = ["ann", "cara", "eva", "gina", "ivy", "kim", "mia", "olga", "rosa", "tina"];
    public static readonly string[] Male = ["ben", "dan", "finn", "hugo", "jack", "leo", "noah", "pete", "sam", "tom"];
    public static readonly string[] Items = ["apples", "balls", "books", "cards", "coins", "cookies", "marbles", "pencils", "pens", "shells", "stamps", "stickers"];

    private static readonly Template[] s_templates =
    [
        new("add_buys", +1, "{name} has {a} {item} . {pronoun} buys {b} more {item} . how many {item} does {name} have ?"),
        new("add_gets", +1, "{name} has {a} {item} . {other} gives {object} {b} {item} . how many {item} does {name} have now ?"),
        new("add_box", +1, "there are {a} {item} in the box . {name} puts {b} more {item} in the box . how many {item} are in the box ?"),
        new("sub_gives", -1, "{name} has {a} {item} . {pronoun} gives away {b} {item} . how many {item} does {name} have left ?"),
        new("sub_loses", -1, "{name} had {a} {item} . {pronoun} lost {b} of them . how many {item} does {name} have now ?"),
        new("sub_box", -1, "there are {a} {item} in the box . {name} takes {b} {item} out of the box . how many {item} are in the box ?"),
    ];

    public static int TemplateCount => s_templates.Length;

    /// <summary>Every word the templates can produce (numbers aside).</summary>
    public static IReadOnlyList<string> Words { get; } =
    [
        .. s_templates.SelectMany(t => t.Text.Split(' ')).Where(w => !w.StartsWith('{')),
        .. Female, .. Male, .. Items, "she", "he", "her", "him",
    ];

    /// <summary>Draws one problem; the prompt's sentences end in " ." and the question in " ?".</summary>
    public static DrawnProblem Sample(Random random)
    {
        var template = s_templates[random.Next(s_templates.Length)];
        var female = random.Next(2) == 0;
        var names = female ? Female : Male;
        var name = names[random.Next(names.Length)];
        var others = random.Next(2) == 0 ? Female : Male;
        var other = others[random.Next(others.Length)];
        while (other == name) other = others[random.Next(others.Length)];
        var item = Items[random.Next(Items.Length)];
        int a, b;
        if (template.Sign > 0)
        {
            a = random.Next(MinOperand, MaxOperand + 1);
            b = random.Next(MinOperand, MaxOperand + 1);
        }
        else
        {
            a = random.Next(MinOperand + 1, MaxOperand + 1);    // 3..9
            b = random.Next(MinOperand, a);                      // 2..a-1, so the answer is at least 1
        }
        var prompt = template.Text
            .Replace("{name}", name).Replace("{other}", other).Replace("{item}", item)
            .Replace("{pronoun}", female ? "she" : "he").Replace("{object}", female ? "her" : "him")
            .Replace("{a}", Number(a)).Replace("{b}", Number(b));
        // Only add_gets mentions the other person; the others leave them out of the prompt.
        string[] people = template.Text.Contains("{other}", StringComparison.Ordinal) ? [name, other] : [name];
        return new DrawnProblem(prompt, a + template.Sign * b, template.Name, people);
    }

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <param name="Sign">+1 adds the second number, −1 subtracts it.</param>
    private sealed record Template(string Name, int Sign, string Text);
}
