namespace Workbench.Training.Models;

/// <summary>
/// A language model that can run packed rows (<see cref="PackedLayout"/>): while a layout is attached, every forward
/// (<see cref="ICausalLanguageModel.call"/>, <see cref="ICausalLanguageModel.ForwardWithFeatures"/>,
/// <see cref="ICausalLanguageModel.ForwardWithAttention"/>) takes positions from it and attends within each sample only.
/// </summary>
public interface IPackedDecoder : ICausalLanguageModel
{
    /// <summary>The layout attached for the forwards under way; null when rows are plain sequences.</summary>
    PackedLayout? Packing { get; }

    /// <summary>Attaches <paramref name="layout"/> (null detaches) to the model and its attention layers.</summary>
    void AttachPacking(PackedLayout? layout);
}
