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

    private ArithmeticProblems(IReadOnlyList<ArithmeticProblem> train, IReadOnlyList<ArithmeticProblem> eval, WordTokenizer tokenizer)
    {
        Train = train;
        Eval = eval;
        Tokenizer = tokenizer;
    }

    /// <summary>Every word the templates can produce (numbers aside): the tokenizer's vocabulary.</summary>
    public static IReadOnlyList<string> Words => ArithmeticTemplates.Words;

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
            var drawn = ArithmeticTemplates.Sample(random);
            if (seen.Add(drawn.Prompt)) all.Add(ToProblem(tokenizer, drawn.Prompt, ArithmeticTemplates.Number(drawn.Answer), drawn.Template));
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
}
