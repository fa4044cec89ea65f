using Workbench.Experiments.Artifacts;
using Workbench.RunProtocol.Launch;

namespace Workbench.Web.Artifacts;

/// <summary>
/// Turns a launch's resolved inputs (host paths) into what a worker without the host's disk fetches: every file granted to
/// the run by SHA-256 (<see cref="RunArtifactGrants"/>). A folder goes file by file; a model file goes with the files a
/// Hugging Face folder reads beside it (a run trained from one saves its student so, next to its config.json and tokenizer).
/// </summary>
public sealed class LaunchArtifactGranter(RunArtifactGrants grants)
{
    // Beside a weights file: what a Hugging Face loader reads (config, tokenizer, chat template), never the run's own bookkeeping.
    private static readonly string[] s_companionExtensions = [".json", ".txt", ".model", ".jinja"];
    private static readonly string[] s_bookkeeping = [LaunchDocument.FileName];

    public async Task<LaunchArtifacts> GrantAsync(int runId, LaunchReferences references, CancellationToken ct)
    {
        var evalDatasets = new Dictionary<string, ArtifactInput>();
        foreach (var (dataset, file) in references.EvalDatasets ?? new Dictionary<string, string>())
            evalDatasets[dataset] = await InputAsync(runId, file, ct);
        return new LaunchArtifacts(
            await OptionalAsync(runId, references.Teacher, ct),
            await OptionalAsync(runId, references.StudentInit, ct),
            await OptionalAsync(runId, references.Dataset, ct),
            evalDatasets,
            await OptionalAsync(runId, references.Resume, ct),
            await OptionalAsync(runId, references.Oracle, ct));
    }

    private async Task<ArtifactInput?> OptionalAsync(int runId, string? path, CancellationToken ct) =>
        path is null ? null : await InputAsync(runId, path, ct);

    private async Task<ArtifactInput> InputAsync(int runId, string path, CancellationToken ct)
    {
        if (Directory.Exists(path)) return new ArtifactInput(await grants.GrantFolderAsync(runId, path, ct));
        var files = new List<ArtifactReference> { await grants.GrantFileAsync(runId, path, ct: ct) };
        foreach (var companion in CompanionsOf(path)) files.Add(await grants.GrantFileAsync(runId, companion, ct: ct));
        return new ArtifactInput(files, Path.GetFileName(path));
    }

    private static IEnumerable<string> CompanionsOf(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!path.EndsWith(".safetensors", StringComparison.Ordinal) || !File.Exists(Path.Combine(folder, "config.json"))) return [];
        return Directory.EnumerateFiles(folder, "*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden })
            .Where(f => s_companionExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)
                        && !s_bookkeeping.Contains(Path.GetFileName(f), StringComparer.Ordinal))
            .Order(StringComparer.Ordinal);
    }
}
