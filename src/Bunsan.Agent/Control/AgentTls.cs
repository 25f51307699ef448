using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bunsan.Protocol.Trust;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Bunsan.Agent.Control;

/// <summary>
/// An agent's side of production mode (a join token with a CA fingerprint). It trusts the control plane only with a
/// certificate named <see cref="FederationTrust.ControlPlaneName"/> from the CA whose fingerprint the token carries,
/// and presents its own certificate for its site. Both live in DATA/tls (the key at 0600), so a restart needs no
/// control plane; a missing, foreign or expiring certificate is enrolled again with the join token.
/// </summary>
public sealed class AgentTls : IDisposable
{
    public const string Folder = "tls";
    private const string CaFile = "ca.crt";
    private const string CertificateFile = "agent.crt";
    private const string KeyFile = "agent.key";

    /// <summary>Enrol again when less than this is left: agents run for months, and certificates last a year.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private readonly string _folder;
    private readonly string _fingerprint;

    private AgentTls(string folder, string fingerprint, X509Certificate2? ca, X509Certificate2? certificate)
    {
        _folder = folder;
        _fingerprint = fingerprint;
        Ca = ca;
        Certificate = certificate;
    }

    /// <summary>The federation's CA once known (from DATA/tls, or fetched and checked against the fingerprint).</summary>
    public X509Certificate2? Ca { get; private set; }

    /// <summary>This site's certificate, with its key, once enrolled.</summary>
    public X509Certificate2? Certificate { get; private set; }

    /// <summary>What DATA/tls holds for this fingerprint; anything else there (another federation's CA) is ignored and replaced on enrolment.</summary>
    public static AgentTls Open(string dataDirectory, string fingerprint)
    {
        string folder = Path.Combine(Path.GetFullPath(dataDirectory), Folder);
        string caPath = Path.Combine(folder, CaFile);
        X509Certificate2? ca = File.Exists(caPath) ? FederationTrust.CaMatching(File.ReadAllText(caPath), fingerprint, out _) : null;
        X509Certificate2? certificate = null;
        if (ca is not null && File.Exists(Path.Combine(folder, CertificateFile)) && File.Exists(Path.Combine(folder, KeyFile)))
        {
            try
            {
                certificate = Reloaded(X509Certificate2.CreateFromPemFile(Path.Combine(folder, CertificateFile), Path.Combine(folder, KeyFile)));
            }
            catch (CryptographicException)
            {
                // A torn or foreign pair: enrolment writes a fresh one.
            }
        }
        return new AgentTls(folder, fingerprint, ca, certificate);
    }

    /// <summary>True when the certificate is this site's, from the CA, and not near its end.</summary>
    public bool Holds(string site, DateTimeOffset now) =>
        Ca is not null && Certificate is not null && Certificate.NotAfter.ToUniversalTime() - now > RenewBefore
        && FederationTrust.Identity(Certificate, Ca) == site;

    /// <summary>
    /// Fetches the CA (when unknown) and enrols <paramref name="site"/> (when <see cref="Holds"/> is false). Null when
    /// done; otherwise the option at fault and why (a wrong token or site: not worth retrying). Throws
    /// HttpRequestException while the control plane cannot be reached.
    /// </summary>
    public async Task<(string Field, string Error)?> EnsureAsync(Uri controlUrl, string bearer, string site, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controlUrl);
        if (Ca is null)
        {
            // The CA's certificate is public: this one request accepts any server, because what it fetches is trusted
            // only if its SHA-256 is the fingerprint in the join token.
#pragma warning disable CA5359 // Deliberate, for this one public document: see above.
            using var open = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = static (_, _, _, _) => true } })
            { BaseAddress = controlUrl, Timeout = TimeSpan.FromSeconds(10) };
#pragma warning restore CA5359
            using HttpResponseMessage answer = await open.GetAsync("v1/ca", cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccessStatusCode)
            {
                return ("--control", $"{controlUrl} has no federation CA (GET /v1/ca: {(int)answer.StatusCode}): start the control plane with --tls");
            }
            string pem = await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (FederationTrust.CaMatching(pem, _fingerprint, out string? problem) is not { } ca)
            {
                return ("--token", problem!);
            }
            Directory.CreateDirectory(_folder);
            File.WriteAllText(Path.Combine(_folder, CaFile), ca.ExportCertificatePem());
            Ca = ca;
        }
        return Holds(site, now) ? null : await EnrolAsync(controlUrl, bearer, site, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string Field, string Error)?> EnrolAsync(Uri controlUrl, string bearer, string site, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string csr = new CertificateRequest("CN=" + site, key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using var http = new HttpClient(CreateHandler(clientCertificate: false)) { BaseAddress = controlUrl, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using HttpResponseMessage answer = await http.PostAsJsonAsync("v1/agents/certificate", new { site, csr }, cancellationToken).ConfigureAwait(false);
        string text = await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (answer.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return ("--token", "the control plane refused the join token when enrolling: use the join.token from its data directory");
        }
        if (!answer.IsSuccessStatusCode)
        {
            return ("--name", $"the control plane refused to enrol site '{site}' ({(int)answer.StatusCode}): {text}");
        }
        using var body = System.Text.Json.JsonDocument.Parse(text);
        using X509Certificate2 issued = X509Certificate2.CreateFromPem(body.RootElement.GetProperty("certificate").GetString());
        if (FederationTrust.Identity(issued, Ca!) != site
            || !issued.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            return ("--control", $"the certificate issued for '{site}' does not name it, chain to the CA, or carry this agent's key: is {controlUrl} the federation's control plane?");
        }
        // Key first: a crash between the two writes leaves a pair that does not load, and the next start enrols again.
        PrivateFile.Write(Path.Combine(_folder, KeyFile), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_folder, CertificateFile), issued.ExportCertificatePem());
        Certificate?.Dispose();
        Certificate = Reloaded(issued.CopyWithPrivateKey(key));
        return null;
    }

    /// <summary>A handler that accepts the control plane only, and presents this site's certificate when asked and enrolled.</summary>
    public SocketsHttpHandler CreateHandler(bool clientCertificate) => new()
    {
        SslOptions = ClientOptions(FederationTrust.ControlPlaneName, clientCertificate),
    };

    /// <summary>
    /// TLS towards <paramref name="expected"/> (a peer's site id, or the control plane): the server must show a
    /// certificate from the CA naming it. Names and addresses are not the identity here (sites reach each other by any
    /// address); the CA and the certificate's name are. The current certificate is chosen per handshake, so a renewal
    /// takes effect on the next connection.
    /// </summary>
    public SslClientAuthenticationOptions ClientOptions(string expected, bool clientCertificate = true) => new()
    {
        RemoteCertificateValidationCallback = (_, certificate, _, _) => Ca is { } ca && FederationTrust.Vouches(certificate, ca, expected),
        LocalCertificateSelectionCallback = clientCertificate ? (_, _, _, _, _) => Certificate! : null,
    };

    /// <summary>
    /// TLS on one of this agent's listeners, with its site certificate (none until enrolled: handshakes fail until
    /// then). A client certificate, when one is presented, must come from the CA; <paramref name="requireCertificate"/>
    /// (the peer port) admits only such clients: other sites and the control plane.
    /// </summary>
    public void Serve(ListenOptions listen, bool requireCertificate)
    {
        ArgumentNullException.ThrowIfNull(listen);
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => Certificate,
            ClientCertificateMode = requireCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (certificate, _, _) => Ca is { } ca && FederationTrust.Vouches(certificate, ca),
        });
    }

    /// <summary>Whether a connection's client certificate (validated against the CA at the handshake) is the control plane's.</summary>
    public bool IsControlPlane(X509Certificate2? presented) =>
        presented is not null && Ca is { } ca && FederationTrust.IsControlPlane(presented, ca);

    /// <summary>Through PKCS#12: on Linux, SslStream needs a certificate whose key is not an ephemeral handle.</summary>
    private static X509Certificate2 Reloaded(X509Certificate2 withKey)
    {
        using (withKey)
        {
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }

    public void Dispose()
    {
        Ca?.Dispose();
        Certificate?.Dispose();
    }
}
