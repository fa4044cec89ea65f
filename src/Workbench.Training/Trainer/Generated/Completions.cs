using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Models.Generation;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.Generated;

/// <summary>
/// Replaces problems' completions with a model's own: each problem keeps its prompt (&lt;bos&gt; prompt &lt;sep&gt;, or the chat
/// template's opening) and gets what the model generates after it, up to &lt;eos&gt; or <see cref="DataConfig.MaxNewTokens"/>
/// (bounded by the context), decoded with the key/value cache. The model is put in eval mode while it generates and back after.
/// </summary>
public static class Completions
{
    /// <summary>The settings of <paramref name="data"/>'s draws, seeded with <paramref name="seed"/>.</summary>
    public static SamplingSettings Sampling(DataConfig data, long seed) => new(data.Temperature, TopK: 0, data.TopP, seed);

    public static ArithmeticProblem[] Generate(ICausalLanguageModel model, IReadOnlyList<ArithmeticProblem> problems, DataConfig data,
                                               SamplingSettings sampling, IRunTokenizer tokenizer, Device device)
    {
        if (problems.Count == 0) return [];
        if (model is not IIncrementalDecoder decoder) throw new InvalidOperationException("Generating completions needs a model with a key/value cache.");
        var longestPrompt = problems.Max(p => p.AnswerStart);
        var maxNew = Math.Min(data.MaxNewTokens, model.ContextLength - longestPrompt);
        if (maxNew < 1) throw new InvalidOperationException($"The prompts fill the context ({model.ContextLength} tokens): no room for a completion.");
        var wasTraining = model.training;
        model.eval();
        try
        {
            var generated = CachedDecoder.Generate(decoder, [.. problems.Select(p => p.PromptIds.ToArray())], maxNew, tokenizer.EosId,
                                                   tokenizer.PadId, sampling, device).Tokens;
            return [.. problems.Select((p, i) => WithCompletion(p, generated[i]))];
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }

    /// <summary><paramref name="problem"/> with <paramref name="completion"/> after its prompt, as the supervised tokens.</summary>
    public static ArithmeticProblem WithCompletion(ArithmeticProblem problem, IReadOnlyList<int> completion) =>
        problem with { TokenIds = [.. problem.PromptIds, .. completion], ShortAnswer = null };
}
