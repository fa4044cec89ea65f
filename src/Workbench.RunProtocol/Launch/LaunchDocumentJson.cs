using System.Text.Json;
using Workbench.Experiments;

namespace Workbench.RunProtocol.Launch;

/// <summary>Reads and writes launch documents as JSON, the config inside them exactly as <see cref="RunConfigJson"/> writes configs.</summary>
public static class LaunchDocumentJson
{
    public static string Serialize(LaunchDocument launch) => JsonSerializer.Serialize(launch, RunConfigJson.Indented);

    public static LaunchDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<LaunchDocument>(json, RunConfigJson.Options) ?? throw new JsonException("The launch document is empty.");

    public static async Task WriteAsync(string path, LaunchDocument launch, CancellationToken ct = default)
    {
        // Written whole, then moved into place: a worker never reads half a document.
        var partial = path + ".partial";
        await File.WriteAllTextAsync(partial, Serialize(launch), ct);
        File.Move(partial, path, overwrite: true);
    }

    public static async Task<LaunchDocument> ReadAsync(string path, CancellationToken ct = default) =>
        Deserialize(await File.ReadAllTextAsync(path, ct));
}
