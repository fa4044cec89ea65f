using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Workbench.Web.Live;

/// <summary>
/// One secret per worker launch, valid for that run only and revoked when the worker exits. The host hands it to the
/// worker as the first line on its stdin (never in its environment or arguments, which other local users can read
/// from /proc), and the hub checks it against the run id of every report.
/// </summary>
public sealed class WorkerCredentials
{
    private readonly ConcurrentDictionary<int, string> _tokens = new();

    /// <summary>A fresh random token for <paramref name="runId"/>'s next worker; any earlier one stops working.</summary>
    public string Issue(int runId)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        _tokens[runId] = token;
        return token;
    }

    /// <summary>Ends <paramref name="token"/> (the worker exited); a newer token for the run stays.</summary>
    public void Revoke(int runId, string token) => _tokens.TryRemove(KeyValuePair.Create(runId, token));

    /// <summary>True when <paramref name="token"/> is the live token of <paramref name="runId"/>'s worker.</summary>
    public bool Allows(int runId, string? token) =>
        token is not null && _tokens.TryGetValue(runId, out var expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(expected));

    /// <summary>Whether <paramref name="token"/> belongs to any live worker (a connection that may report at all).</summary>
    public bool IsWorker(string? token) => token is not null && _tokens.Keys.Any(runId => Allows(runId, token));
}
