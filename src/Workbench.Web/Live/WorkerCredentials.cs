using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Workbench.Web.Live;

/// <summary>
/// One secret per worker launch, valid for that run only and revoked when the worker exits. The host hands it to the
/// worker as the first line on its stdin (never in its environment, arguments or launch document, which other local users
/// can read), and the hub checks it against the run id of every report batch. Only the tokens' SHA-256 hashes are kept,
/// in memory and in <see cref="FileName"/> in the data directory, so a worker that outlives a restart of the host (one
/// started elsewhere) is still recognised when it reports again.
/// </summary>
public sealed class WorkerCredentials
{
    public const string FileName = "worker-credentials.json";

    private readonly ConcurrentDictionary<int, string> _hashes;
    private readonly string _file;
    private readonly Lock _saving = new();

    public WorkerCredentials(Hosting.DataPaths paths)
    {
        _file = Path.Combine(paths.Root, FileName);
        _hashes = new(Load(_file));
    }

    /// <summary>A fresh random token for <paramref name="runId"/>'s next worker; any earlier one stops working.</summary>
    public string Issue(int runId)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        _hashes[runId] = Hash(token);
        Save();
        return token;
    }

    /// <summary>Ends <paramref name="token"/> (the worker exited); a newer token for the run stays.</summary>
    public void Revoke(int runId, string token)
    {
        if (_hashes.TryRemove(KeyValuePair.Create(runId, Hash(token)))) Save();
    }

    /// <summary>True when <paramref name="token"/> is the live token of <paramref name="runId"/>'s worker.</summary>
    public bool Allows(int runId, string? token) =>
        token is { Length: > 0 } && _hashes.TryGetValue(runId, out var expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(expected));

    /// <summary>Whether <paramref name="token"/> belongs to any live worker (a connection that may report at all).</summary>
    public bool IsWorker(string? token) => token is not null && _hashes.Keys.Any(runId => Allows(runId, token));

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static Dictionary<int, string> Load(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<Dictionary<int, string>>(File.ReadAllText(file)) ?? [] : [];
        }
        catch (JsonException)
        {
            return [];   // unreadable: every worker of the last host must be relaunched, nothing worse
        }
    }

    private void Save()
    {
        lock (_saving)
        {
            var partial = _file + ".partial";
            File.WriteAllText(partial, JsonSerializer.Serialize(new Dictionary<int, string>(_hashes)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(partial, _file, overwrite: true);
        }
    }
}
