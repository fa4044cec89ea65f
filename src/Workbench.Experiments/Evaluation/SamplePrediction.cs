namespace Workbench.Experiments.Evaluation;

/// <summary>What one model generated for one sample of an evaluation set at one evaluation.</summary>
/// <param name="Set">The evaluation set's name.</param>
/// <param name="Step">The training step of the evaluation (0 = before training).</param>
/// <param name="Index">The sample's position in the set.</param>
/// <param name="Model"><see cref="PredictionModels.Student"/> or <see cref="PredictionModels.Teacher"/>.</param>
/// <param name="Text">The generated completion, decoded.</param>
/// <param name="Extracted">The answer taken from it by the run's <see cref="RunConfig.AnswerRule"/>.</param>
/// <param name="Correct">Whether it equals the gold answer (<see cref="AnswerNormalizer"/>).</param>
/// <param name="CopiedConfounder">Whether it equals a number inside one of the sample's gold confounder spans.</param>
public sealed record SamplePrediction(string Set, long Step, int Index, string Model, string Text, string Extracted, bool Correct, bool CopiedConfounder)
{
    /// <summary>Most samples of one set whose predictions are stored per evaluation, whatever the set's size.</summary>
    public const int MaxPerSet = 500;

    /// <summary>Longest generated text kept, in characters.</summary>
    public const int MaxTextLength = 2_000;
}
