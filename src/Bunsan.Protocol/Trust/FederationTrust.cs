using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bunsan.Protocol.Trust;

/// <summary>
/// What agents and the control plane will agree on in production mode (mutual TLS): the federation's CA is known by the
/// SHA-256 of its certificate, and a certificate counts only when it chains to that CA alone. Here, not in the control
/// plane, because agents pin the CA by that fingerprint too.
/// </summary>
public static class FederationTrust
{
    /// <summary>The CA's fingerprint: base64url (no padding) of SHA-256 over its DER, 43 characters.</summary>
    public static string Fingerprint(X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(ca);
        return Convert.ToBase64String(SHA256.HashData(ca.RawData)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>True when <paramref name="leaf"/> chains to <paramref name="ca"/> alone (no system roots, no revocation lists) and is valid now.</summary>
    public static bool IssuedBy(X509Certificate2 leaf, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(ca);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
