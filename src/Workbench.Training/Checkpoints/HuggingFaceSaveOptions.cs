using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>How <see cref="HuggingFaceCheckpoint.Save"/> writes a model folder.</summary>
/// <param name="DType">Stored dtype: Float32 (exact, the default), BFloat16 or Float16 (half the size, rounded to nearest).</param>
/// <param name="MaxShardBytes">Largest weight file; above it the weights are sharded with an index json.</param>
/// <param name="SourceDirectory">
/// The folder the model (or its teacher) came from: its tokenizer files and generation_config.json are copied, and
/// the config.json keys the model's config does not describe (bos/eos ids, initializer_range, ...) are kept.
/// </param>
public sealed record HuggingFaceSaveOptions(
    ScalarType DType = ScalarType.Float32,
    long MaxShardBytes = ShardedSafeTensorsWriter.DefaultMaxShardBytes,
    string? SourceDirectory = null);
