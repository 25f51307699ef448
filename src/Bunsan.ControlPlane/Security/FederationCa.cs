using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bunsan.Protocol.Trust;

namespace Bunsan.ControlPlane.Security;

/// <summary>
/// The federation's certificate authority (`bunsan ca init`): an ECDSA P-256 key and a self-signed certificate in
/// DATA/ca/ (ca.crt, and ca.key at mode 0600). In production mode the control plane issues its own server
/// certificate from it at every start, and a certificate to each agent that enrolls with the join token.
/// </summary>
public sealed class FederationCa : IDisposable
{
    public const string Folder = "ca";
    public const string CertificateFile = "ca.crt";
    public const string KeyFile = "ca.key";

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan IssuedLifetime = TimeSpan.FromDays(365);

    private readonly ECDsa _key;

    private FederationCa(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA's certificate, without its key.</summary>
    public X509Certificate2 Certificate { get; }

    public string Fingerprint => FederationTrust.Fingerprint(Certificate);

    public static string DirectoryOf(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), Folder);

    /// <summary>Creates the CA in DATA/ca; null with the reason when one is there already (a CA is never replaced silently).</summary>
    public static FederationCa? Create(string dataDirectory, DateTimeOffset now, out string? problem)
    {
        string folder = DirectoryOf(dataDirectory);
        if (File.Exists(Path.Combine(folder, CertificateFile)) || File.Exists(Path.Combine(folder, KeyFile)))
        {
            problem = $"{folder} already holds a CA: every agent's certificate and join token depend on it; remove it by hand to start a new federation";
            return null;
        }
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Bunsan federation CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using X509Certificate2 selfSigned = request.CreateSelfSigned(now.AddMinutes(-5), now + CaLifetime);
        Directory.CreateDirectory(folder);
        PrivateFile.Write(Path.Combine(folder, KeyFile), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(folder, CertificateFile), selfSigned.ExportCertificatePem());
        problem = null;
        return new FederationCa(X509CertificateLoader.LoadCertificate(selfSigned.RawData), key);
    }

    /// <summary>The CA in DATA/ca, or null with what is missing or wrong.</summary>
    public static FederationCa? Load(string dataDirectory, out string? problem)
    {
        string folder = DirectoryOf(dataDirectory);
        string certificatePath = Path.Combine(folder, CertificateFile);
        string keyPath = Path.Combine(folder, KeyFile);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            problem = $"no CA in {folder}: run `bunsan ca init --data {dataDirectory}` first";
            return null;
        }
        try
        {
            X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(keyPath));
            if (!certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                problem = $"{keyPath} is not the key of {certificatePath}";
                return null;
            }
            problem = null;
            return new FederationCa(certificate, key);
        }
        catch (CryptographicException e)
        {
            problem = $"the CA in {folder} could not be read: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// A control-plane silo's certificate (with its key), named <see cref="FederationTrust.ControlPlaneName"/> (no site
    /// can take that name) for the names and addresses agents reach it by. For server and client use: the silo presents
    /// it to agents and other silos, and when it calls an agent's site API.
    /// </summary>
    public X509Certificate2 IssueServer(IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + FederationTrust.ControlPlaneName, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (string name in dnsNames)
        {
            names.AddDnsName(name);
        }
        foreach (IPAddress address in addresses)
        {
            names.AddIpAddress(address);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth), new Oid(ClientAuth)], critical: false));
        using X509Certificate2 issued = Sign(request, now);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        // Exported and loaded again: on Linux, SslStream wants a certificate whose key is not an ephemeral handle.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// An agent's client certificate for <paramref name="site"/> from its PKCS#10 request (PEM). The request's own
    /// subject and extensions are ignored: the certificate names the site the join token enrolled, for client and
    /// server use. Null with the reason when the request is not a valid, self-signed ECDSA or RSA request.
    /// </summary>
    public X509Certificate2? IssueAgent(string site, string csrPem, DateTimeOffset now, out string? problem)
    {
        CertificateRequest asked;
        try
        {
            asked = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException e)
        {
            problem = $"csr: not a PKCS#10 certificate request in PEM with a valid signature ({e.Message})";
            return null;
        }
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + site), asked.PublicKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(site);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuth), new Oid(ServerAuth)], critical: false));
        problem = null;
        return Sign(request, now);
    }

    private X509Certificate2 Sign(CertificateRequest request, DateTimeOffset now)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        DateTimeOffset until = now + IssuedLifetime < Certificate.NotAfter ? now + IssuedLifetime : Certificate.NotAfter;
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddMinutes(-5), until, serial);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }
}
