using System.Globalization;
using Workbench.Experiments;

namespace Workbench.Training.Data;

/// <summary>
/// The built-in <see cref="BuiltInDatasets.Arithmetic"/> dataset: short word problems whose answer is one
/// number ("ann has 3 pens . she buys 5 more pens . how many pens does ann have ?" → "8"). Generated from a
/// seed, so every machine builds the same splits; the train and eval splits share no prompt.
/// </summary>
public sealed class ArithmeticProblems
{
    /// <summary>The seed of the built-in splits: fixed, so a teacher and its students see the same eval split.</summary>
    public const int DefaultSeed = 20240917;
    public const int DefaultTrainCount = 6000;
    public const int DefaultEvalCount = 500;

    // Operands stay small (sums 4..18) so a 4 × 128 model learns the task in a few hundred steps.
    private const int MinOperand = 2;
    private const int MaxOperand = 9;

    private static readonly string[] s_female = ["ann", "cara", "eva", "gina", "ivy", "kim", "mia", "olga", "rosa", "tina"];
    private static readonly string[] s_male = ["ben", "dan", "finn", "hugo", "jack", "leo", "noah", "pete", "sam", "tom"];
    private static readonly string[] s_items = ["apples", "balls", "books", "cards", "coins", "cookies", "marbles", "pencils", "pens", "shells", "stamps", "stickers"];

    private static readonly Template[] s_templates =
    [
        new("add_buys", +1, "{name} has {a} {item} . {pronoun} buys {b} more {item} . how many {item} does {name} have ?"),
        new("add_gets", +1, "{name} has {a} {item} . {other} gives {object} {b} {item} . how many {item} does {name} have now ?"),
        new("add_box", +1, "there are {a} {item} in the box . {name} puts {b} more {item} in the box . how many {item} are in the box ?"),
        new("sub_gives", -1, "{name} has {a} {item} . {pronoun} gives away {b} {item} . how many {item} does {name} have left ?"),
        new("sub_loses", -1, "{name} had {a} {item} . {pronoun} lost {b} of them . how many {item} does {name} have now ?"),
        new("sub_box", -1, "there are {a} {item} in the box . {name} takes {b} {item} out of the box . how many {item} are in the box ?"),
    ];

    private ArithmeticProblems(IReadOnlyList<ArithmeticProblem> train, IReadOnlyList<ArithmeticProblem> eval, WordTokenizer tokenizer)
    {
        Train = train;
        Eval = eval;
        Tokenizer = tokenizer;
    }

    /// <summary>Every word the templates can produce (numbers aside): the tokenizer's vocabulary.</summary>
    public static IReadOnlyList<string> Words { get; } =
    [
        .. s_templates.SelectMany(t => t.Text.Split(' ')).Where(w => !w.StartsWith('{')),
        .. s_female, .. s_male, .. s_items, "she", "he", "her", "him",
    ];

    public IReadOnlyList<ArithmeticProblem> Train { get; }
    public IReadOnlyList<ArithmeticProblem> Eval { get; }
    public WordTokenizer Tokenizer { get; }

    /// <summary>The built-in splits (<see cref="DefaultSeed"/>, 6000 train, 500 eval).</summary>
    public static ArithmeticProblems CreateDefault() => Generate(DefaultSeed, DefaultTrainCount, DefaultEvalCount);

    /// <summary>Generates distinct problems from <paramref name="seed"/>: the first <paramref name="evalCount"/> form the eval split.</summary>
    public static ArithmeticProblems Generate(int seed, int trainCount, int evalCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(evalCount);
        var tokenizer = WordTokenizer.ForArithmetic();
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<ArithmeticProblem>(trainCount + evalCount);
        var attempts = 0;
        while (all.Count < trainCount + evalCount)
        {
            if (++attempts > 100 * (trainCount + evalCount) + 1000)
                throw new InvalidOperationException($"Could not generate {trainCount + evalCount} distinct problems.");
            var (prompt, answer, template) = Sample(random);
            if (seen.Add(prompt)) all.Add(ToProblem(tokenizer, prompt, answer, template));
        }
        return new ArithmeticProblems(all.GetRange(evalCount, trainCount), all.GetRange(0, evalCount), tokenizer);
    }

    /// <summary>Tokenizes a prompt and answer into <c>&lt;bos&gt; prompt &lt;sep&gt; answer &lt;eos&gt;</c>.</summary>
    public static ArithmeticProblem ToProblem(WordTokenizer tokenizer, string prompt, string answer, string template)
    {
        int[] promptIds = tokenizer.Encode(prompt), answerIds = tokenizer.Encode(answer);
        int[] ids = [tokenizer.BosId, .. promptIds, tokenizer.SepId, .. answerIds, tokenizer.EosId];
        var maxLength = BuiltInDatasets.MaxSequenceLength(BuiltInDatasets.Arithmetic);
        if (ids.Length > maxLength) throw new ArgumentException($"The problem has {ids.Length} tokens; the dataset allows {maxLength}.");
        return new ArithmeticProblem(prompt, answer, template, ids, promptIds.Length + 2);
    }

    private static (string Prompt, string Answer, string Template) Sample(Random random)
    {
        var template = s_templates[random.Next(s_templates.Length)];
        var female = random.Next(2) == 0;
        var names = female ? s_female : s_male;
        var name = names[random.Next(names.Length)];
        var others = random.Next(2) == 0 ? s_female : s_male;
        var other = others[random.Next(others.Length)];
        while (other == name) other = others[random.Next(others.Length)];
        var item = s_items[random.Next(s_items.Length)];
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
            .Replace("{a}", a.ToString(CultureInfo.InvariantCulture)).Replace("{b}", b.ToString(CultureInfo.InvariantCulture));
        var answer = (a + template.Sign * b).ToString(CultureInfo.InvariantCulture);
        return (prompt, answer, template.Name);
    }

    /// <param name="Sign">+1 adds the second number, −1 subtracts it.</param>
    private sealed record Template(string Name, int Sign, string Text);
}
