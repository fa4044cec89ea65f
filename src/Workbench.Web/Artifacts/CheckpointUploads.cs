using System.Security.Cryptography;
using Workbench.Web.Hosting;

namespace Workbench.Web.Artifacts;

/// <summary>
/// Resumable, checked uploads into a run's folder: chunks append to <c>.uploads/&lt;sha256&gt;.part</c> in order; when the
/// last byte is in, the file's SHA-256 must equal the one named, and only then does it move to its place.
/// </summary>
public sealed class CheckpointUploads(DataPaths paths, ArtifactHasher hasher)
{
    public const long MaxFileBytes = 256L << 30;   // 256 GB

    public enum Outcome { Partial, Complete, OutOfOrder, WrongLength, Mismatch }

    public sealed record Result(Outcome Outcome, long Received, string? Path = null);

    private readonly SemaphoreSlim _gate = new(1, 1);

    public long Received(int runId, string sha256) => new FileInfo(PartFile(runId, sha256)) is { Exists: true } f ? f.Length : 0;

    /// <summary>Appends <paramref name="body"/> (the bytes <paramref name="start"/>.. of a file of <paramref name="total"/> bytes).</summary>
    public async Task<Result> AppendAsync(int runId, string sha256, string target, long start, long length, long total, Stream body, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);   // one writer at a time; chunks of a file arrive one after another anyway
        try
        {
            if (File.Exists(target) && await hasher.StillMatchesAsync(target, sha256, ct)) return new(Outcome.Complete, total, target);   // sent before
            var part = PartFile(runId, sha256);
            Directory.CreateDirectory(Path.GetDirectoryName(part)!);
            var received = File.Exists(part) ? new FileInfo(part).Length : 0;
            if (start != received) return new(Outcome.OutOfOrder, received);
            await using (var file = new FileStream(part, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
            {
                var copied = await CopyAtMostAsync(body, file, length + 1, ct);
                if (copied != length)
                {
                    file.SetLength(received);
                    return new(Outcome.WrongLength, received);
                }
            }
            received += length;
            if (received < total) return new(Outcome.Partial, received);

            string actual;
            await using (var stream = File.OpenRead(part)) actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            if (actual != sha256)
            {
                File.Delete(part);
                return new(Outcome.Mismatch, 0);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(part, target, overwrite: true);
            return new(Outcome.Complete, received, target);
        }
        finally
        {
            _gate.Release();
        }
    }

    private string PartFile(int runId, string sha256) => Path.Combine(paths.RunDirectory(runId), ".uploads", sha256 + ".part");

    private static async Task<long> CopyAtMostAsync(Stream from, Stream to, long limit, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        long copied = 0;
        int read;
        while (copied < limit && (read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - copied)), ct)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
            copied += read;
        }
        return copied;
    }
}
