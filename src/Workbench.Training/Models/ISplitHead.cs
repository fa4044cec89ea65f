using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// A model whose forward splits into its trunk and its language-model head, so a loss can compute the logits a few
/// rows at a time (<see cref="Objectives.ChunkedLogitLoss"/>) instead of holding all (B, T, V) of them:
/// <c>forward(idx)</c> equals <c>Head(ForwardHidden(idx))</c>.
/// </summary>
public interface ISplitHead
{
    /// <summary>Token ids (B, T) -> the last hidden state (B, T, C), after the final norm: what the head reads.</summary>
    Tensor ForwardHidden(Tensor idx);

    /// <summary>Hidden states (..., C) -> logits (..., V), with the family's final soft cap if it has one.</summary>
    Tensor Head(Tensor hidden);

    /// <summary>The parameters <see cref="Head"/> reads (the head's weight, or the tied token embedding).</summary>
    IReadOnlyList<Parameter> HeadParameters { get; }
}
