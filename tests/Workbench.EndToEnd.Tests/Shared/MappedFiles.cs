namespace Workbench.EndToEnd.Tests.Shared;

/// <summary>The files a process has mapped into memory (/proc/&lt;pid&gt;/maps): every managed assembly and native library it loaded.</summary>
public static class MappedFiles
{
    public static IReadOnlyList<string> Of(int processId) =>
        [.. File.ReadAllLines($"/proc/{processId}/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && fields[5].StartsWith('/'))
            .Select(fields => fields[5].Trim())
            .Distinct(StringComparer.Ordinal)];

    /// <summary>Mapped files of the training side (the training assembly, the worker, TorchSharp, libtorch): none in the host.</summary>
    public static IReadOnlyList<string> TrainingSideOf(int processId) =>
        [.. Of(processId).Where(path => Path.GetFileName(path) is var name
            && (name.StartsWith("Workbench.Training", StringComparison.Ordinal) || name.StartsWith("Workbench.Worker", StringComparison.Ordinal)
                || name.Contains("TorchSharp", StringComparison.OrdinalIgnoreCase) || name.StartsWith("libtorch", StringComparison.Ordinal)
                || name.StartsWith("libc10", StringComparison.Ordinal)))];
}
