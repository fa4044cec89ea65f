using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Models.Llama;
using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// The one place a run reads and writes models of either kind: a workbench GPT checkpoint (one <c>model.safetensors</c> with its
/// config in the metadata) or a Hugging Face folder (config.json, safetensors, tokenizer). A run trained from a Hugging Face
/// folder saves one too, into its run folder, so its <c>model.safetensors</c> path works like a GPT checkpoint's everywhere.
/// </summary>
public static class ModelFiles
{
    /// <summary>
    /// The Hugging Face folder <paramref name="path"/> stands for: the directory itself, or the directory of a weights file that is
    /// not a workbench GPT checkpoint (a Hugging Face run's saved student); null for a workbench GPT checkpoint. (A run folder also
    /// holds the run's own config.json, so the file's metadata decides, not the file next to it.)
    /// </summary>
    public static string? HuggingFaceFolderOf(string path)
    {
        if (Directory.Exists(path)) return System.IO.Path.GetFullPath(path);
        if (!File.Exists(path) || SafeTensorsHeader.ReadMetadata(path).ContainsKey(GptCheckpoint.ConfigKey)) return null;
        return System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
    }

    /// <summary>Architecture, context and vocabulary of the model at <paramref name="path"/>, without reading any weight.</summary>
    public static ModelSource Describe(string path)
    {
        if (HuggingFaceFolderOf(path) is { } folder)
        {
            var config = HuggingFaceConfig.Read(folder);
            return new ModelSource(folder, folder, config.Shape, config.MaxPositionEmbeddings, HuggingFaceRunTokenizer.IdOf(folder));
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"The checkpoint '{path}' does not exist.", path);
        var info = GptCheckpoint.ReadInfo(path);
        return new ModelSource(path, null, info.Config.Shape, info.Config.Context, info.TokenizerId);
    }

    /// <summary>Builds the model of <paramref name="source"/> on <paramref name="device"/>, in train mode.</summary>
    public static ICausalLanguageModel Load(ModelSource source, Device device) =>
        source.HuggingFaceFolder is { } folder ? HuggingFaceCheckpoint.Load(folder, device) : GptCheckpoint.Load(source.Path, device);

    /// <summary>
    /// Writes <paramref name="model"/> into <paramref name="folder"/> as <c>model.safetensors</c>: a GPT with its config and tokenizer id
    /// in the metadata; a Llama-family model as a Hugging Face folder (config.json, one weights file, the tokenizer files of
    /// <paramref name="tokenizerFolder"/>), which transformers loads as it is. Returns the weights file's path.
    /// </summary>
    public static string Save(ICausalLanguageModel model, string folder, string tokenizerId, string? tokenizerFolder, long step)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, GptCheckpoint.FileName);
        switch (model)
        {
            case Gpt gpt:
                GptCheckpoint.Save(gpt, gpt.Config, path, tokenizerId, step);
                break;
            case LlamaForCausalLM llama:
                // One file, never shards, so the run's checkpoint is always model.safetensors.
                HuggingFaceCheckpoint.Save(llama, folder, new HuggingFaceSaveOptions(MaxShardBytes: long.MaxValue, SourceDirectory: tokenizerFolder));
                break;
            default:
                throw new NotSupportedException($"Cannot save a {model.GetType().Name}.");
        }
        return path;
    }
}
