using Workbench.RunProtocol.Launch;

namespace Workbench.Worker.Artifacts;

/// <summary>
/// Fetches a launch's inputs (<see cref="LaunchArtifacts"/>) into the worker's cache and returns the same references as a
/// worker on the host's disk gets, pointing at the local copies. A failure names the input (<c>teacher: ...</c>).
/// </summary>
public static class LaunchInputFetcher
{
    public static async Task<LaunchReferences> FetchAsync(LaunchArtifacts artifacts, ArtifactFetcher fetcher, CancellationToken ct)
    {
        var evalDatasets = new Dictionary<string, string>();
        foreach (var (dataset, input) in artifacts.EvalDatasets ?? new Dictionary<string, ArtifactInput>())
            evalDatasets[dataset] = (await LocalAsync(input, "eval-dataset", fetcher, ct))!;
        return new LaunchReferences(
            await LocalAsync(artifacts.Teacher, "teacher", fetcher, ct),
            await LocalAsync(artifacts.StudentInit, "student", fetcher, ct),
            await LocalAsync(artifacts.Dataset, "dataset", fetcher, ct),
            evalDatasets,
            await LocalAsync(artifacts.Resume, "resume", fetcher, ct),
            await LocalAsync(artifacts.Oracle, "oracle", fetcher, ct));
    }

    private static async Task<string?> LocalAsync(ArtifactInput? input, string role, ArtifactFetcher fetcher, CancellationToken ct)
    {
        if (input is null) return null;
        if (input.Entry is { } named && (named.Length == 0 || named[0] == '.' || named.Contains('/') || named.Contains('\\')))
            throw new InvalidDataException($"{role}: '{named}' is not a file name.");
        try
        {
            var folder = await fetcher.FetchFolderAsync(role, input.Files, ct);
            return input.Entry is { } entry ? Path.Combine(folder, entry) : folder;
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or HttpRequestException or IOException or ArgumentException)
        {
            throw new InvalidDataException($"{role}: {ex.Message}", ex);
        }
    }
}
