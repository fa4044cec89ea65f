using Workbench.Training.Models;

namespace Workbench.Training.Checkpoints;

/// <summary>What a run needs to know about a model before loading it (<see cref="ModelFiles.Describe"/>).</summary>
/// <param name="Path">The workbench checkpoint file, or the Hugging Face folder.</param>
/// <param name="HuggingFaceFolder">The folder when the model is a Hugging Face one (its weights, config and tokenizer); else null.</param>
/// <param name="Shape">Vocabulary, depth, heads and widths.</param>
/// <param name="Context">Longest sequence it accepts.</param>
/// <param name="TokenizerId">The vocabulary it was trained with: a built-in word vocabulary's id, or "hf-" and a hash of its tokenizer file.</param>
public sealed record ModelSource(string Path, string? HuggingFaceFolder, ModelShape Shape, int Context, string TokenizerId)
{
    public bool IsHuggingFace => HuggingFaceFolder is not null;
}
