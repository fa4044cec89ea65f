using Workbench.Experiments;

namespace Workbench.Web.ModelFolders;

/// <summary>The presets this server offers: the built-in ones, and the Hugging Face and cross-tokenizer demos pointed at its own demo folders.</summary>
public sealed class PresetCatalog(ModelRoots roots)
{
    /// <summary>The Hugging Face demo's teacher and distillation, on this server's demo folders.</summary>
    public IReadOnlyList<RunPreset> HuggingFaceDemo { get; } = Experiments.HuggingFaceDemo.Presets(roots.DefaultFolder);

    /// <summary>The cross-tokenizer demo (word-vocabulary teacher, small-BPE student folder): CE only, CE + ULD, CE + span alignment.</summary>
    public IReadOnlyList<RunPreset> CrossTokenizerDemo { get; } = Experiments.CrossTokenizerDemo.Presets(roots.DefaultFolder);

    public IReadOnlyList<RunPreset> All => [.. RunPresets.All, .. HuggingFaceDemo, .. CrossTokenizerDemo];
}
