using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>An attention module that can keep its softmax probabilities for one forward pass (see <see cref="AttentionCapture"/>).</summary>
internal interface IAttentionProbe
{
    /// <summary>When true, forward computes the probabilities explicitly (<see cref="ExplicitAttention"/>) and keeps them.</summary>
    bool CaptureAttention { get; set; }

    /// <summary>The kept probabilities (B, nh, T, T), now owned by the caller; null when none are kept.</summary>
    Tensor? TakeProbabilities();
}
