using System.Security.Cryptography;
using System.Text;
using Workbench.Storage;

namespace Workbench.Web.Live;

/// <summary>
/// One secret per worker launch, valid for that run only and revoked when the worker exits. The host hands it to the
/// worker as the first line on its stdin (never in its environment, arguments or launch document, which other local users
/// can read), and the hub checks it against the run id of every report batch. Only the token's SHA-256 hash is kept, on the
/// run's row (<see cref="WorkerTokenStore"/>), so a worker that outlives its host (a restart, or a kill after which it fails
/// over to another host sharing the database) is still recognised when it reports again, by any host.
/// </summary>
public sealed class WorkerCredentials(WorkerTokenStore tokens)
{
    /// <summary>A fresh random token for <paramref name="runId"/>'s next worker; any earlier one stops working, on every host.</summary>
    public string Issue(int runId)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        if (!tokens.Set(runId, HashOf(token))) throw new InvalidOperationException($"Run {runId} does not exist.");
        return token;
    }

    /// <summary>Ends <paramref name="token"/> (the worker exited); a newer token for the run stays.</summary>
    public void Revoke(int runId, string token) => RevokeStored(runId, HashOf(token));

    /// <summary>
    /// The stored hash of <paramref name="runId"/>'s live token: what the scheduler revokes (<see cref="RevokeStored"/>) when
    /// the worker ends, whether this host issued the token or attached to a worker another host started.
    /// </summary>
    public string? StoredHash(int runId) => tokens.Get(runId);

    /// <summary>Ends the token stored as <paramref name="hash"/>; a newer token for the run stays.</summary>
    public void RevokeStored(int runId, string hash) => tokens.Clear(runId, hash);

    /// <summary>True when <paramref name="token"/> is the live token of <paramref name="runId"/>'s worker.</summary>
    public bool Allows(int runId, string? token) =>
        token is { Length: > 0 } && tokens.Get(runId) is { } expected
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(token)), Encoding.ASCII.GetBytes(expected));

    /// <summary>Whether <paramref name="token"/> belongs to any live worker (a connection that may report at all).</summary>
    public bool IsWorker(string? token) => token is { Length: > 0 } && tokens.Exists(HashOf(token));

    /// <summary>The hash a token is stored as (SHA-256, hex).</summary>
    public static string HashOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
