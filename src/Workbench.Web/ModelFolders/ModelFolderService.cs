using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Storage.Entities;

namespace Workbench.Web.ModelFolders;

/// <summary>Registers validated model folders, and resolves a run's <see cref="ModelRef.Path"/> to a registered, still valid folder.</summary>
public sealed class ModelFolderService(ModelFolderValidator validator, ModelFolderStore store)
{
    // The tokenizer description ends with the problem when the format is unsupported; the column holds 200 characters.
    private const int MaxTokenizerLength = 200;

    /// <summary>Validates <paramref name="path"/> and stores it under <paramref name="name"/> (default: the folder's name). Errors name <c>path</c> or <c>name</c>.</summary>
    public async Task<(ModelFolderEntity? Folder, ValidationError? Error)> RegisterAsync(string? path, string? name, CancellationToken ct = default)
    {
        var check = validator.Validate(path);
        if (check.Error is not null) return (null, check.Error);
        var info = check.Info!;
        var tokenizer = info.Tokenizer is { Length: > MaxTokenizerLength } text ? text[..(MaxTokenizerLength - 1)] + "…" : info.Tokenizer;
        return await store.RegisterAsync(new ModelFolderEntity
        {
            Name = string.IsNullOrWhiteSpace(name) ? Path.GetFileName(check.Path!) : name.Trim(),
            Path = check.Path!,
            Architecture = info.Architecture,
            ModelType = info.ModelType,
            ParameterCount = info.ParameterCount,
            VocabSize = info.VocabSize,
            DType = info.DType,
            Layers = info.Layers,
            HiddenSize = info.HiddenSize,
            AttentionHeads = info.AttentionHeads,
            KeyValueHeads = info.KeyValueHeads,
            TiedEmbeddings = info.TiedEmbeddings,
            Tokenizer = tokenizer,
        }, ct);
    }

    /// <summary>
    /// The registered folder a run's <paramref name="path"/> names, checked again now (it may have been moved, deleted or
    /// relinked since registration). Errors name <paramref name="field"/> (<c>teacher.path</c> or <c>student.path</c>).
    /// </summary>
    public async Task<(ModelFolderEntity? Folder, ValidationError? Error)> ResolveAsync(string? path, string field, CancellationToken ct = default)
    {
        var check = validator.Validate(path, field);
        if (check.Error is not null) return (null, check.Error);
        var folder = await store.GetByPathAsync(check.Path!, ct);
        return folder is null
            ? (null, new ValidationError(field, $"'{check.Path}' is not a registered model folder; register it on the Models page first."))
            : (folder, null);
    }
}
