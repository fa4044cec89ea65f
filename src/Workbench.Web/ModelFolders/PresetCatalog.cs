using Workbench.Experiments;

namespace Workbench.Web.ModelFolders;

/// <summary>The presets this server offers: the built-in ones, and the Hugging Face demo pointed at its own demo folders.</summary>
public sealed class PresetCatalog(ModelRoots roots)
{
    public IReadOnlyList<RunPreset> All { get; } = [.. RunPresets.All, .. HuggingFaceDemo.Presets(roots.DefaultFolder)];
}
