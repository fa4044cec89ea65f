using Workbench.Training.Models;

namespace Workbench.Training.Checkpoints;

/// <summary>What a checkpoint's metadata says about its model, readable without loading any tensor.</summary>
/// <param name="Config">The architecture to rebuild.</param>
/// <param name="TokenizerId">The vocabulary the model was trained with (e.g. "arithmetic-words-v1").</param>
/// <param name="Step">The optimizer step the weights are from, when recorded.</param>
public sealed record GptCheckpointInfo(GptConfig Config, string TokenizerId, long? Step);
