namespace Workbench.Storage.Entities;

/// <summary>
/// A registered Hugging Face model folder: where it is and what its config.json and safetensors headers said when it
/// was registered. The files themselves are never copied or owned.
/// </summary>
public sealed class ModelFolderEntity
{
    public int Id { get; set; }
    /// <summary>Short display name, unique; defaults to the folder's name.</summary>
    public required string Name { get; set; }
    /// <summary>Canonical full path (symlinks resolved), unique.</summary>
    public required string Path { get; set; }
    /// <summary>The Hugging Face class, e.g. "LlamaForCausalLM".</summary>
    public required string Architecture { get; set; }
    /// <summary>config.json's model_type ("llama", "qwen2", "qwen3", "mistral", "phi3", "gemma2", "gemma3_text").</summary>
    public required string ModelType { get; set; }
    public long ParameterCount { get; set; }
    public int VocabSize { get; set; }
    /// <summary>Stored weight dtype ("float32", "float16", "bfloat16" or "mixed").</summary>
    public required string DType { get; set; }
    public int Layers { get; set; }
    public int HiddenSize { get; set; }
    public int AttentionHeads { get; set; }
    public int KeyValueHeads { get; set; }
    public bool TiedEmbeddings { get; set; }
    /// <summary>The tokenizer format the folder's files allow, or null when it has none.</summary>
    public string? Tokenizer { get; set; }
    public DateTime RegisteredAt { get; set; }
}
