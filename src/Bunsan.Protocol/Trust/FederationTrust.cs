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
    /// <summary>
    /// The common name of every control-plane silo's certificate. Agents' certificates carry their site id, which
    /// cannot contain spaces, so no agent can pass for the control plane, nor the control plane for a site.
    /// </summary>
    public const string ControlPlaneName = "Bunsan control plane";

    /// <summary>The name a certificate from the CA vouches for (a site id, or <see cref="ControlPlaneName"/>); null when it does not chain to <paramref name="ca"/>.</summary>
    public static string? Identity(X509Certificate2 leaf, X509Certificate2 ca) =>
        IssuedBy(leaf, ca) ? leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false) : null;

    /// <summary>
    /// Whether a certificate shown in a handshake comes from <paramref name="ca"/> and, when <paramref name="expected"/>
    /// is given, names it: what every TLS validation callback of the federation asks.
    /// </summary>
    public static bool Vouches(X509Certificate? presented, X509Certificate2 ca, string? expected = null) =>
        presented is X509Certificate2 leaf && Identity(leaf, ca) is { } name && (expected is null || name == expected);

    /// <summary>The server is a control-plane silo of the federation whose CA is <paramref name="ca"/>.</summary>
    public static bool IsControlPlane(X509Certificate2 leaf, X509Certificate2 ca) => Identity(leaf, ca) == ControlPlaneName;

    /// <summary>The CA certificate in <paramref name="pem"/> when its fingerprint is <paramref name="fingerprint"/>; null otherwise (with what it is instead).</summary>
    public static X509Certificate2? CaMatching(string pem, string fingerprint, out string? problem)
    {
        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            problem = $"the CA sent is not a PEM certificate ({e.Message})";
            return null;
        }
        string actual = Fingerprint(ca);
        if (actual != fingerprint)
        {
            ca.Dispose();
            problem = $"the control plane's CA has fingerprint {actual}, not the join token's {fingerprint}: use the join token of this federation";
            return null;
        }
        problem = null;
        return ca;
    }

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
