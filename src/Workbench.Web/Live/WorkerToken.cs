using System.Security.Cryptography;

namespace Workbench.Web.Live;

/// <summary>A per-server secret handed to the workers it launches; only they may report into runs.</summary>
public sealed class WorkerToken
{
    public string Value { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(candidate), System.Text.Encoding.ASCII.GetBytes(Value));
}
