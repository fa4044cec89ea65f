using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Workbench.Web.Artifacts;

/// <summary>SHA-256 of files, remembered by (path, length, last write time) so a teacher is hashed once, not at every launch.</summary>
public sealed class ArtifactHasher
{
    private readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> _known = new();

    public async Task<string> HashAsync(string path, CancellationToken ct = default)
    {
        var info = new FileInfo(path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        if (_known.TryGetValue(key, out var known)) return known;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        _known[key] = hash;
        return hash;
    }

    /// <summary>True when the file still has <paramref name="sha256"/> (it was not replaced since it was granted).</summary>
    public async Task<bool> StillMatchesAsync(string path, string sha256, CancellationToken ct = default) =>
        File.Exists(path) && await HashAsync(path, ct) == sha256;
}
