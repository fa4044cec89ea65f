using System.Buffers.Binary;
using MessagePack;
using Workbench.RunProtocol;
using Workbench.RunProtocol.Reports;

namespace Workbench.Worker.Reporting;

/// <summary>
/// Reports the host has not acknowledged, on disk in the run's folder (<see cref="FileName"/>), oldest first: each a
/// 4-byte length and the report in the protocol's MessagePack. A worker that starts on a folder with a spool (a resumed
/// run whose last worker lost its host) sends it before anything new; the host skips what it already has.
/// </summary>
public sealed class ReportSpool(string directory)
{
    public const string FileName = RunProtocol.Launch.LaunchDocument.SpoolFileName;

    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    public bool HasPending => File.Exists(Path) && new FileInfo(Path).Length > 0;

    public void Append(IReadOnlyList<RunReport> reports)
    {
        using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        Span<byte> length = stackalloc byte[4];
        foreach (var report in reports)
        {
            var bytes = MessagePackSerializer.Serialize(report, RunProtocolSerializer.Options);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            file.Write(length);
            file.Write(bytes);
        }
        file.Flush();
    }

    /// <summary>Every complete report in the spool, in the order written (a record cut short by a crash ends the list).</summary>
    public IReadOnlyList<RunReport> ReadAll()
    {
        if (!File.Exists(Path)) return [];
        var bytes = File.ReadAllBytes(Path);
        var reports = new List<RunReport>();
        for (var offset = 0; offset + 4 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            if (length < 0 || offset + 4 + length > bytes.Length) break;
            reports.Add(MessagePackSerializer.Deserialize<RunReport>(bytes.AsMemory(offset + 4, length), RunProtocolSerializer.Options));
            offset += 4 + length;
        }
        return reports;
    }

    /// <summary>The highest sequence waiting in the spool, or 0: a worker starting on it numbers its own reports after it.</summary>
    public long LastSequence() => ReadAll().Select(r => r.Sequence).DefaultIfEmpty(0).Max();

    public void Clear() => File.Delete(Path);
}
