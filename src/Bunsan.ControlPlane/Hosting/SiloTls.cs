using Bunsan.ControlPlane.Security;
using Bunsan.Protocol.Trust;
using Orleans.Connections.Security;

namespace Bunsan.ControlPlane.Hosting;

/// <summary>
/// Production mode (<see cref="ControlPlaneOptions.Tls"/>) for Orleans' own ports: silo-to-silo connections, both
/// ways, and the gateway speak mutual TLS only, with the silo's certificate from <see cref="ControlPlaneTls"/>. A peer
/// counts only when its certificate chains to the federation CA and names <see cref="FederationTrust.ControlPlaneName"/>:
/// a site's certificate from the same CA cannot join the cluster, nor can a silo of another federation.
/// </summary>
internal static class SiloTls
{
    /// <param name="tls">The host's material (so its HTTP ports and the silo share one certificate); null: loaded here.</param>
    public static void Configure(ISiloBuilder silo, ControlPlaneOptions options, ControlPlaneTls? tls)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Tls)
        {
            return;
        }
        // Loaded here, it lives as long as the silo's connections do, so nothing here disposes it.
        tls ??= ControlPlaneTls.Load(options);
        silo.UseTls(tls.Certificate, orleans =>
        {
            // Inbound (silo and gateway ports) and outbound alike: no certificate, no connection.
            orleans.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            orleans.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // The platform's errors are ignored on purpose: it knows no custom root (an untrusted chain), and silos dial
            // each other by IP without a target host (a name mismatch). The chain to this CA and the CN are the identity.
            orleans.RemoteCertificateValidation = (remote, _, _) => FederationTrust.IsControlPlane(remote, tls.Ca.Certificate);
        });
    }
}
