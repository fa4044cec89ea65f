using Workbench.Storage.Entities;

namespace Workbench.Web.Api;

/// <summary>A registered Hugging Face model folder as the API and the Models page show it.</summary>
public sealed record ModelFolderDto(
    int Id,
    string Name,
    string Path,
    string Architecture,
    string ModelType,
    long ParameterCount,
    int VocabSize,
    string DType,
    int Layers,
    int HiddenSize,
    int AttentionHeads,
    int KeyValueHeads,
    bool TiedEmbeddings,
    string? Tokenizer,
    DateTime RegisteredAt)
{
    public static ModelFolderDto From(ModelFolderEntity folder) => new(
        folder.Id, folder.Name, folder.Path, folder.Architecture, folder.ModelType, folder.ParameterCount, folder.VocabSize, folder.DType,
        folder.Layers, folder.HiddenSize, folder.AttentionHeads, folder.KeyValueHeads, folder.TiedEmbeddings, folder.Tokenizer, folder.RegisteredAt);
}

/// <summary>The body of POST /api/models.</summary>
/// <param name="Path">Absolute path of the folder (config.json, *.safetensors, tokenizer files), inside a configured model root.</param>
/// <param name="Name">Display name; default: the folder's name.</param>
public sealed record RegisterModelFolderRequest(string? Path, string? Name);
