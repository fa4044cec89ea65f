using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Workbench.Web.Security;

/// <summary>
/// The server's access token: the configured <see cref="AccessOptions.AccessToken"/>, or one made at start (32 random bytes)
/// when the server is exposed without one; the generated token lives only as long as the process.
/// </summary>
public sealed class AccessToken(IOptions<AccessOptions> options)
{
    private readonly Lazy<string> _value = new(() =>
        string.IsNullOrWhiteSpace(options.Value.AccessToken) ? Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant() : options.Value.AccessToken.Trim());

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.AccessToken);

    public string Value => _value.Value;

    /// <summary>A short digest of the token, stored in login cookies so a cookie stops working once the token changes.</summary>
    public string Fingerprint => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("workbench-cookie:" + Value)))[..32];

    public bool Matches(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Value));
}
