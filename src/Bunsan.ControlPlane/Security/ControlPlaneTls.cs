using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Protocol.Trust;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Bunsan.ControlPlane.Security;

/// <summary>
/// Production mode's TLS material for one control-plane process: the federation CA (which enrols agents) and this
/// silo's certificate, issued from it at start. The API port serves HTTPS to anyone (callers authenticate with
/// tokens); the agent port requires a client certificate the CA issued to a site.
/// </summary>
public sealed class ControlPlaneTls : IDisposable
{
    private ControlPlaneTls(FederationCa ca, X509Certificate2 certificate)
    {
        Ca = ca;
        Certificate = certificate;
    }

    public FederationCa Ca { get; }

    /// <summary>This silo's certificate with its key; also its client certificate when it calls an agent.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// The CA in DATA/ca and a fresh certificate from it; throws naming Tls and the fix when there is no CA. Issued at
    /// the system's time, never an injected clock's: every peer checks validity against its own real clock.
    /// </summary>
    public static ControlPlaneTls Load(ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        FederationCa ca = FederationCa.Load(options.DataDirectory, out string? problem)
            ?? throw new ArgumentException("control plane options: Tls: " + problem, nameof(options));
        IPAddress[] addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback,
            .. new[] { options.ListenAddress, options.Cluster?.AdvertisedAddress }
                .OfType<IPAddress>().Where(a => !a.Equals(IPAddress.Any) && !a.Equals(IPAddress.IPv6Any) && !IPAddress.IsLoopback(a))];
        return new ControlPlaneTls(ca, ca.IssueServer(["localhost", Dns.GetHostName()], addresses, DateTimeOffset.UtcNow));
    }

    /// <summary>HTTPS on <paramref name="listen"/>, sending the CA with the certificate so an agent holding only the fingerprint can pin it.</summary>
    public void Serve(ListenOptions listen, bool requireSiteCertificate)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = Certificate,
            ServerCertificateChain = [Ca.Certificate],
            ClientCertificateMode = requireSiteCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
        };
        if (requireSiteCertificate)
        {
            // Any certificate the CA issued to a site; which site it may speak for is checked per call (AgentIdentity).
            https.ClientCertificateValidation = (certificate, _, _) =>
                FederationTrust.Vouches(certificate, Ca.Certificate) && !FederationTrust.IsControlPlane(certificate, Ca.Certificate);
        }
        listen.UseHttps(https);
    }

    /// <summary>
    /// TLS for the control plane's calls to agents' site APIs: present this silo's certificate, and accept an agent
    /// only with a certificate the CA issued to <paramref name="site"/> (addresses are not names here; the CN is).
    /// </summary>
    public SslClientAuthenticationOptions ClientOptionsFor(string site) => new()
    {
        ClientCertificates = [Certificate],
        RemoteCertificateValidationCallback = (_, certificate, _, _) => FederationTrust.Vouches(certificate, Ca.Certificate, site),
    };

    public void Dispose()
    {
        Certificate.Dispose();
        Ca.Dispose();
    }
}
