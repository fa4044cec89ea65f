namespace Workbench.Web.Artifacts;

/// <summary>
/// Where an uploaded checkpoint file goes inside its run's folder: a relative path of 1-8 segments of letters, digits,
/// '.', '_' and '-' (no "..", no hidden segment), under no link.
/// </summary>
public static class CheckpointUploadPath
{
    public const int MaxLength = 200;

    /// <summary>The absolute target, or null with the reason.</summary>
    public static (string? Path, string? Error) Resolve(string runDirectory, string? relative)
    {
        if (string.IsNullOrEmpty(relative)) return (null, "path is required: the file's place in the run folder, e.g. step-100/model.safetensors.");
        if (relative.Length > MaxLength) return (null, $"path must be at most {MaxLength} characters.");
        var segments = relative.Split('/');
        if (segments.Length > 8 || segments.Any(s => s.Length == 0 || s[0] == '.' || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
            return (null, "path must be relative, with segments of letters, digits, '.', '_' and '-' that do not start with '.'.");
        var root = Path.GetFullPath(runDirectory);
        var current = root;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.Exists || Directory.Exists(current))
                if (info.LinkTarget is not null || new DirectoryInfo(current).LinkTarget is not null) return (null, "path leads through a link.");
        }
        return current.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? (current, null) : (null, "path leaves the run folder.");
    }
}
