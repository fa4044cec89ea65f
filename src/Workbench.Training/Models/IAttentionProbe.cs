using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// An attention module that can keep its softmax probabilities and its value vectors for one forward pass
/// (see <see cref="AttentionCapture"/> and <see cref="FeatureCapture"/>).
/// </summary>
internal interface IAttentionProbe
{
    /// <summary>When true, forward computes the probabilities explicitly (<see cref="ExplicitAttention"/>) and keeps them.</summary>
    bool CaptureAttention { get; set; }

    /// <summary>When true, forward keeps its value vectors (B, nh, T, hs); the fused kernel still runs.</summary>
    bool CaptureValues { get; set; }

    /// <summary>The kept probabilities (B, nh, T, T), now owned by the caller; null when none are kept.</summary>
    Tensor? TakeProbabilities();

    /// <summary>The kept values (B, nh, T, hs), now owned by the caller; null when none are kept.</summary>
    Tensor? TakeValues();
}
