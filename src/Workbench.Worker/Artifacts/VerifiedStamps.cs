using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Workbench.Worker.Artifacts;

/// <summary>
/// Remembers, in <c>&lt;cache&gt;/verified/</c>, that a cached file had a SHA-256 at a (length, last write time), so a
/// teacher already in the cache is hashed once, not at every launch. A file written or resized since then is hashed again.
/// </summary>
public sealed class VerifiedStamps(string cacheDirectory)
{
    private readonly string _folder = Path.Combine(cacheDirectory, "verified");

    public bool Says(string path, string sha256) =>
        File.Exists(StampOf(path)) && File.ReadAllText(StampOf(path)) == Line(path, sha256);

    public void Record(string path, string sha256)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(StampOf(path), Line(path, sha256));
    }

    private static string Line(string path, string sha256)
    {
        var info = new FileInfo(path);
        return string.Create(CultureInfo.InvariantCulture, $"{sha256} {info.Length} {info.LastWriteTimeUtc.Ticks}");
    }

    private string StampOf(string path) =>
        Path.Combine(_folder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(path)))));
}
