using Workbench.Experiments;

namespace Workbench.Training.Data;

/// <summary>
/// The built-in distractor benchmark (in the spirit of GSM-IC, Shi et al. 2023): the arithmetic problems with one
/// irrelevant sentence holding a number, inserted at a sentence boundary before the question. Every problem records
/// the gold span of that sentence (<see cref="ArithmeticProblem.ConfounderSpans"/>) and its number
/// (<see cref="ArithmeticProblem.Distractor"/>). Generated from a seed, so every machine builds the same splits.
/// </summary>
/// <remarks>
/// Splits: <see cref="Clean"/> (train; distractor independent of the answer), <see cref="Shortcut"/> (train; the distractor
/// equals the answer with probability 0.8), <see cref="InDistributionTest"/> (held out, shortcut distribution),
/// <see cref="OodTest"/> (held out; a near miss, never the answer) and <see cref="CleanTest"/> (held out, clean distribution).
/// No test problem shares its underlying arithmetic question with a training problem, so no prompt is shared either.
/// </remarks>
public sealed class DistractorProblems
{
    public const int DefaultSeed = 20251123;
    public const int DefaultTrainCount = 6000;
    public const int DefaultTestCount = 500;
    /// <summary>Share of <see cref="Shortcut"/> problems whose distractor is the answer: high enough that copying pays.</summary>
    public const double DefaultShortcutProbability = 0.8;

    /// <summary>Every word the arithmetic and distractor templates can produce (numbers aside): the tokenizer's vocabulary.</summary>
    public static IReadOnlyList<string> Words { get; } = [.. ArithmeticTemplates.Words, .. DistractorTemplates.Words];

    private static readonly Lazy<WordTokenizer> s_tokenizer = new(() => new WordTokenizer(WordTokenizer.DistractorId, Words));

    private DistractorProblems(WordTokenizer tokenizer, IReadOnlyList<ArithmeticProblem>[] splits)
    {
        Tokenizer = tokenizer;
        (InDistributionTest, OodTest, CleanTest, Clean, Shortcut) = (splits[0], splits[1], splits[2], splits[3], splits[4]);
    }

    /// <summary>The vocabulary of the distractor datasets (<see cref="WordTokenizer.DistractorId"/>).</summary>
    public static WordTokenizer CreateTokenizer() => s_tokenizer.Value;

    public WordTokenizer Tokenizer { get; }
    /// <summary>Train: the distractor number is independent of the answer (uniform over 1..18).</summary>
    public IReadOnlyList<ArithmeticProblem> Clean { get; }
    /// <summary>Train: the distractor number is the answer with the shortcut probability, else another number in 1..18.</summary>
    public IReadOnlyList<ArithmeticProblem> Shortcut { get; }
    /// <summary>Test, the shortcut distribution.</summary>
    public IReadOnlyList<ArithmeticProblem> InDistributionTest { get; }
    /// <summary>Test: the distractor is a near miss (answer ± 1 or ± 2, at least 1), so copying it is always wrong.</summary>
    public IReadOnlyList<ArithmeticProblem> OodTest { get; }
    /// <summary>Test, the clean distribution.</summary>
    public IReadOnlyList<ArithmeticProblem> CleanTest { get; }

    /// <summary>The built-in splits (<see cref="DefaultSeed"/>, 6000 per train split, 500 per test split).</summary>
    public static DistractorProblems CreateDefault() => Generate(DefaultSeed, DefaultTrainCount, DefaultTestCount);

    public static DistractorProblems Generate(int seed, int trainCount, int testCount, double shortcutProbability = DefaultShortcutProbability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        if (shortcutProbability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(shortcutProbability), shortcutProbability, "A probability is between 0 and 1.");
        var tokenizer = CreateTokenizer();
        var random = new Random(seed);
        var testQuestions = new HashSet<string>(StringComparer.Ordinal);

        // Test splits first: their questions are then kept out of both train splits.
        IReadOnlyList<ArithmeticProblem> Split(DistractorDistribution distribution, int count, bool isTest)
        {
            var split = new List<ArithmeticProblem>(count);
            var prompts = new HashSet<string>(StringComparer.Ordinal);
            var attempts = 0;
            while (split.Count < count)
            {
                if (++attempts > 100 * count + 1000) throw new InvalidOperationException($"Could not generate {count} distinct problems.");
                var drawn = ArithmeticTemplates.Sample(random);
                if (isTest ? !testQuestions.Add(drawn.Prompt) : testQuestions.Contains(drawn.Prompt)) continue;
                var number = DistractorNumber(random, drawn.Answer, distribution, shortcutProbability);
                var sentence = DistractorTemplates.Sentence(random, drawn, number);
                var (prompt, span) = Insert(drawn.Prompt, sentence, random);
                if (prompts.Add(prompt))
                    split.Add(ToProblem(tokenizer, prompt, drawn, span, ArithmeticTemplates.Number(number)));
            }
            return split;
        }

        return new DistractorProblems(tokenizer,
        [
            Split(DistractorDistribution.Shortcut, testCount, isTest: true),
            Split(DistractorDistribution.NearMiss, testCount, isTest: true),
            Split(DistractorDistribution.Independent, testCount, isTest: true),
            Split(DistractorDistribution.Independent, trainCount, isTest: false),
            Split(DistractorDistribution.Shortcut, trainCount, isTest: false),
        ]);
    }

    private static int DistractorNumber(Random random, int answer, DistractorDistribution distribution, double shortcutProbability)
    {
        const int min = ArithmeticTemplates.MinAnswer, max = ArithmeticTemplates.MaxAnswer;
        switch (distribution)
        {
            case DistractorDistribution.Independent:
                return random.Next(min, max + 1);
            case DistractorDistribution.Shortcut:
                if (random.NextDouble() < shortcutProbability) return answer;
                var other = random.Next(min, max);                       // uniform over the max - min numbers other than the answer
                return other >= answer ? other + 1 : other;
            case DistractorDistribution.NearMiss:
                int[] misses = [.. new[] { -2, -1, 1, 2 }.Select(d => answer + d).Where(n => n >= 1)];
                return misses[random.Next(misses.Length)];
            default:
                throw new ArgumentOutOfRangeException(nameof(distribution), distribution, null);
        }
    }

    /// <summary>Inserts <paramref name="sentence"/> before the first sentence, the second or the question, at random.</summary>
    private static (string Prompt, CharSpan Span) Insert(string prompt, string sentence, Random random)
    {
        // Sentence starts: the beginning and every character after ". " (the question is the last sentence).
        List<int> starts = [0];
        for (var i = prompt.IndexOf(". ", StringComparison.Ordinal); i >= 0; i = prompt.IndexOf(". ", i + 2, StringComparison.Ordinal))
            starts.Add(i + 2);
        var at = starts[random.Next(starts.Count)];
        return (prompt[..at] + sentence + " " + prompt[at..], new CharSpan(at, at + sentence.Length));
    }

    private static ArithmeticProblem ToProblem(WordTokenizer tokenizer, string prompt, DrawnProblem drawn, CharSpan span, string distractor)
    {
        var answer = ArithmeticTemplates.Number(drawn.Answer);
        int[] promptIds = tokenizer.Encode(prompt), answerIds = tokenizer.Encode(answer);
        int[] ids = [tokenizer.BosId, .. promptIds, tokenizer.SepId, .. answerIds, tokenizer.EosId];
        var maxLength = BuiltInDatasets.MaxSequenceLength(BuiltInDatasets.DistractorClean);
        if (ids.Length > maxLength) throw new InvalidOperationException($"The problem has {ids.Length} tokens; the dataset allows {maxLength}.");
        return new ArithmeticProblem(prompt, answer, drawn.Template, ids, promptIds.Length + 2, [span], distractor);
    }
}
