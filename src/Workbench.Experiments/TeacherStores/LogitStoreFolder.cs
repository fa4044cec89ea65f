using System.Text.Json;

namespace Workbench.Experiments.TeacherStores;

/// <summary>One store file in a folder, as the Caches page and <c>GET /api/teacher-stores</c> show it.</summary>
/// <param name="Description">What the file says about itself; null when its header cannot be read (it will be rebuilt on next use).</param>
public sealed record LogitStoreFile(string Name, long Bytes, DateTime LastUsedUtc, LogitStoreDescription? Description)
{
    /// <summary>Bytes per stored position, from the file size and position count; null when unknown.</summary>
    public double? BytesPerToken => Description is { Positions: > 0 } d ? (double)Bytes / d.Positions : null;
}

/// <summary>
/// Housekeeping of the teacher-logit store files (<c>logits-*.bin</c>) in a cache folder: list them with size and last use, delete
/// one, and evict the least recently used (by access time, which opening a store sets) until the folder is under a byte budget.
/// Only names of the store's own pattern are ever listed or deleted.
/// </summary>
public static class LogitStoreFolder
{
    public static IReadOnlyList<LogitStoreFile> List(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        return [.. Directory.EnumerateFiles(directory, $"{LogitStoreFileName.Prefix}*{LogitStoreFileName.Extension}")
            .Where(path => LogitStoreFileName.IsFileName(Path.GetFileName(path)))
            .Select(path => new FileInfo(path))
            .Where(info => info.Exists)
            .Select(info => new LogitStoreFile(info.Name, info.Length, info.LastAccessTimeUtc, ReadDescription(info.FullName)))
            .OrderByDescending(file => file.LastUsedUtc)];
    }

    /// <summary>Deletes the store file <paramref name="name"/>; false when there is none. Throws for a name that is not a store file's.</summary>
    public static bool Delete(string directory, string name)
    {
        if (!LogitStoreFileName.IsFileName(name)) throw new ArgumentException($"'{name}' is not a teacher-logit store file name (logits-<32 hex>.bin).", nameof(name));
        var path = Path.Combine(directory, name);
        if (!File.Exists(path)) return false;
        File.Delete(path);   // a run that has it open keeps reading it (the handle shares Delete)
        return true;
    }

    /// <summary>
    /// Deletes least-recently-used store files until their total is at most <paramref name="budgetBytes"/>, never one named in
    /// <paramref name="keep"/> (the files a run is using). Returns the names deleted.
    /// </summary>
    public static IReadOnlyList<string> Evict(string directory, long budgetBytes, IReadOnlyCollection<string>? keep = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        var files = List(directory);
        var total = files.Sum(f => f.Bytes);
        var deleted = new List<string>();
        foreach (var file in files.OrderBy(f => f.LastUsedUtc))
        {
            if (total <= budgetBytes) break;
            if (keep?.Contains(file.Name) == true) continue;
            if (Delete(directory, file.Name)) deleted.Add(file.Name);
            total -= file.Bytes;
        }
        return deleted;
    }

    // Reading the header must not count as a use: under relatime a read can move the access time, which eviction orders by.
    private static LogitStoreDescription? ReadDescription(string path)
    {
        var lastUsed = File.GetLastAccessTimeUtc(path);
        try
        {
            return ReadHeaderDescription(path);
        }
        finally
        {
            try { File.SetLastAccessTimeUtc(path, lastUsed); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private static LogitStoreDescription? ReadHeaderDescription(string path)
    {
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var head = new byte[LogitStoreFileName.HeaderSize];
            if (RandomAccess.Read(file, head, 0) != head.Length) return null;
            var length = LogitStoreFileName.DescriptionLength(head);
            if (length <= 0) return null;
            var description = new byte[length];
            if (RandomAccess.Read(file, description, LogitStoreFileName.HeaderSize) != length) return null;
            return JsonSerializer.Deserialize<LogitStoreDescription>(description, LogitStoreDescription.Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
