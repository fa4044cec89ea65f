using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Workbench.Experiments.Datasets;

/// <summary>
/// Reads a JSONL dataset: one JSON object a line with "prompt" and "completion" (non-empty strings), optional
/// "answer" (a string, number or boolean; numbers and booleans are kept as canonical text, see <see cref="AnswerText"/>),
/// "confounder_spans" ([[start, end], ...], UTF-16 offsets into the prompt, end exclusive, non-overlapping) and "split"
/// (any <see cref="DatasetSplitNames"/> name such as "train", "eval", "test" or "ood"; otherwise <see cref="DatasetSplitter"/> decides).
/// </summary>
/// <remarks>
/// The file must be UTF-8 (a BOM is allowed). Lines end in LF or CRLF. Blank lines are skipped but still counted,
/// so reported line numbers match an editor's. Other fields are ignored, so exports from other tools load as they are.
/// Every line is checked even after an error, so one upload reports every problem at once.
/// </remarks>
public sealed class JsonlDatasetParser(DatasetLimits? limits = null)
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly JsonDocumentOptions s_jsonOptions = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    private readonly DatasetLimits _limits = limits ?? DatasetLimits.Default;

    public Task<DatasetParseResult> ParseAsync(Stream stream, CancellationToken ct = default) => ParseAsync(stream, null, ct);

    /// <param name="split">When given, the split of every line (a valid lower-case name), overriding the file's "split" fields.</param>
    public async Task<DatasetParseResult> ParseAsync(Stream stream, string? split, CancellationToken ct = default)
    {
        var (bytes, tooLarge, sha256) = await ReadBoundedAsync(stream, ct);
        if (tooLarge)
            return Failed(new DatasetLineError(0, "file", $"The file is larger than {_limits.MaxFileBytes / (1024 * 1024)} MiB."), sha256);
        return Parse(bytes, sha256, split);
    }

    /// <inheritdoc cref="ParseAsync(Stream, string?, CancellationToken)"/>
    public DatasetParseResult Parse(ReadOnlySpan<byte> bytes, string? split = null) =>
        Parse(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)), split);

    private DatasetParseResult Parse(ReadOnlySpan<byte> bytes, string sha256, string? split)
    {
        if (split is not null && !DatasetSplitNames.IsValid(split))
            throw new ArgumentException($"'{split}' is not a lower-case split name.", nameof(split));
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var samples = new List<DatasetSample>();
        var errors = new ErrorList(_limits.MaxReportedErrors);
        var lineNumber = 0;
        var countExceeded = false;
        while (!bytes.IsEmpty)
        {
            lineNumber++;
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? [] : bytes[(end + 1)..];
            if (line.EndsWith("\r"u8)) line = line[..^1];
            if (line.Length > _limits.MaxLineBytes)
            {
                errors.Add(new(lineNumber, "line", $"The line is {line.Length:N0} bytes long; at most {_limits.MaxLineBytes:N0} are allowed."));
                continue;
            }
            string text;
            try { text = s_strictUtf8.GetString(line); }
            catch (DecoderFallbackException) { errors.Add(new(lineNumber, "line", "The line is not valid UTF-8.")); continue; }
            if (string.IsNullOrWhiteSpace(text)) continue;

            var sample = JsonlLineReader.Read(text, lineNumber, s_jsonOptions, split, errors.Add);
            if (sample is null) continue;
            if (samples.Count >= _limits.MaxSamples)
            {
                if (!countExceeded) errors.Add(new(lineNumber, "file", $"The file has more than {_limits.MaxSamples:N0} samples."));
                countExceeded = true;
                continue;
            }
            samples.Add(sample);
        }
        if (samples.Count == 0 && errors.Count == 0) errors.Add(new(0, "file", "The file has no samples."));
        return errors.Count == 0
            ? new DatasetParseResult(samples, [], 0, sha256)
            : new DatasetParseResult([], errors.Kept, errors.Count, sha256);
    }

    private DatasetParseResult Failed(DatasetLineError error, string sha256) => new([], [error], 1, sha256);

    // Reads at most MaxFileBytes + 1 bytes, so an oversized upload is refused without buffering all of it.
    private async Task<(byte[] Bytes, bool TooLarge, string Sha256)> ReadBoundedAsync(Stream stream, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > _limits.MaxFileBytes) return ([], true, "");
            buffer.Write(chunk, 0, read);
            hash.AppendData(chunk, 0, read);
        }
        return (buffer.ToArray(), false, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private sealed class ErrorList(int keep)
    {
        private readonly List<DatasetLineError> _kept = [];
        public int Count { get; private set; }
        public IReadOnlyList<DatasetLineError> Kept => _kept;

        public void Add(DatasetLineError error)
        {
            Count++;
            if (_kept.Count < keep) _kept.Add(error);
        }
    }
}
