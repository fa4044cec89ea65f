namespace Workbench.ModelFolders;

/// <summary>The real path of a file or folder: full, normalised, every symbolic link on the way resolved.</summary>
public static class CanonicalPath
{
    // Linux gives up after 40 links (ELOOP); a cycle ends here too.
    private const int MaxLinks = 40;

    /// <summary>
    /// Resolves <paramref name="path"/> one component at a time, so a link anywhere in it (not only at the end, which
    /// is all <see cref="FileSystemInfo.ResolveLinkTarget"/> looks at) is followed. Components that do not exist are kept
    /// as written. Throws <see cref="IOException"/> on a link cycle.
    /// </summary>
    public static string Resolve(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string Resolve(string fullPath, ref int links)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                if (++links > MaxLinks) throw new IOException($"Too many symbolic links in '{fullPath}'.");
                // The target (relative targets are taken from the link's folder) may itself pass through links.
                var target = info.ResolveLinkTarget(returnFinalTarget: false)!;
                next = Resolve(Path.GetFullPath(target.FullName), ref links);
            }
            current = next;
        }
        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or inside it (both canonical).</summary>
    public static bool IsUnder(string path, string root)
    {
        var folder = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path == root || path.StartsWith(folder, StringComparison.Ordinal);
    }
}
