using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bunsan.ControlPlane.Security;
using Bunsan.Protocol.Trust;
using Orleans.Connections.Security;

namespace Bunsan.ControlPlane.Hosting;

/// <summary>
/// Production mode (<see cref="ControlPlaneOptions.Tls"/>) for Orleans' own ports: silo-to-silo connections, both
/// ways, and the gateway speak mutual TLS only, with a certificate issued from the federation CA at every start. A
/// peer counts only when its certificate chains to that CA and names <see cref="FederationTrust.ControlPlaneName"/>:
/// a site's certificate from the same CA cannot join the cluster, nor can a silo of another federation.
/// </summary>
internal static class SiloTls
{
    public static void Configure(ISiloBuilder silo, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Tls)
        {
            return;
        }
        X509Certificate2 certificate;
        X509Certificate2 ca;
        // The CA's key is needed only to issue this silo's certificate: it does not stay in the silo's memory.
        using (FederationCa federation = FederationCa.Load(options.DataDirectory, out string? problem)
            ?? throw new ArgumentException("control plane options: Tls: " + problem, nameof(options)))
        {
            List<IPAddress> addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];
            if (options.Cluster?.AdvertisedAddress is { } advertised)
            {
                addresses.Add(advertised);
            }
            // The system clock, not the control plane's injected one: peers check validity against their own real time.
            certificate = federation.IssueServer(["localhost", Dns.GetHostName()], addresses, DateTimeOffset.UtcNow);
            ca = X509CertificateLoader.LoadCertificate(federation.Certificate.RawData);
        }
        // Both certificates live as long as the silo's connections do, so nothing here disposes them.
        silo.UseTls(certificate, tls =>
        {
            // Inbound (silo and gateway ports) and outbound alike: no certificate, no connection.
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // The platform's errors are ignored on purpose: it knows no custom root (an untrusted chain), and silos dial
            // each other by IP without a target host (a name mismatch). The chain to this CA and the CN are the identity.
            tls.RemoteCertificateValidation = (remote, _, _) => FederationTrust.Identity(remote, ca) == FederationTrust.ControlPlaneName;
        });
    }
}
