using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bunsan.ControlPlane.Security;
using Bunsan.Protocol.Trust;

namespace Bunsan.ControlPlane.Tests.Security;

/// <summary>The federation CA: created once with a private key file, loaded back, issuing certificates that chain to it alone.</summary>
public sealed class FederationCaTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();

    [Fact]
    public void Create_WritesTheKeyPrivately_AndLoadsBackTheSameCa()
    {
        using FederationCa created = FederationCa.Create(_data.Path, DateTimeOffset.UtcNow, out string? problem)!;
        Assert.Null(problem);

        using FederationCa loaded = FederationCa.Load(_data.Path, out problem)!;

        Assert.Null(problem);
        Assert.Equal(created.Fingerprint, loaded.Fingerprint);
        Assert.Equal(43, created.Fingerprint.Length);
        Assert.True(loaded.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        string key = Path.Combine(FederationCa.DirectoryOf(_data.Path), FederationCa.KeyFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
        Assert.DoesNotContain("PRIVATE", File.ReadAllText(Path.Combine(FederationCa.DirectoryOf(_data.Path), FederationCa.CertificateFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WhereACaIs_RefusedAndTheCaUnchanged()
    {
        string fingerprint;
        using (FederationCa first = FederationCa.Create(_data.Path, Now, out _)!)
        {
            fingerprint = first.Fingerprint;
        }

        Assert.Null(FederationCa.Create(_data.Path, Now, out string? problem));

        Assert.Contains("already holds a CA", problem, StringComparison.Ordinal);
        using FederationCa loaded = FederationCa.Load(_data.Path, out _)!;
        Assert.Equal(fingerprint, loaded.Fingerprint);
    }

    [Fact]
    public void Load_NoCa_SaysToRunCaInit()
    {
        Assert.Null(FederationCa.Load(_data.Path, out string? problem));
        Assert.Contains("bunsan ca init", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnotherCasKey_Refused()
    {
        using var other = new TempDirectory();
        FederationCa.Create(_data.Path, Now, out _)!.Dispose();
        FederationCa.Create(other.Path, Now, out _)!.Dispose();
        File.Copy(Path.Combine(FederationCa.DirectoryOf(other.Path), FederationCa.KeyFile), Path.Combine(FederationCa.DirectoryOf(_data.Path), FederationCa.KeyFile), overwrite: true);

        Assert.Null(FederationCa.Load(_data.Path, out string? problem));
        Assert.Contains("is not the key of", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----")]
    [InlineData("not pem at all \u0000")]
    public void IssueAgent_BadRequest_RefusedNamingTheCsr(string csr)
    {
        using FederationCa ca = FederationCa.Create(_data.Path, DateTimeOffset.UtcNow, out _)!;

        Assert.Null(ca.IssueAgent("edge-osaka", csr, DateTimeOffset.UtcNow, out string? problem));
        Assert.StartsWith("csr:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void IssueAgent_TamperedRequest_Refused()
    {
        using FederationCa ca = FederationCa.Create(_data.Path, DateTimeOffset.UtcNow, out _)!;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] der = new CertificateRequest("CN=edge-osaka", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        der[^1] ^= 0x01;
        string pem = PemEncoding.WriteString("CERTIFICATE REQUEST", der);

        Assert.Null(ca.IssueAgent("edge-osaka", pem, DateTimeOffset.UtcNow, out string? problem));
        Assert.StartsWith("csr:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void IssueAgent_NamesTheEnrolledSite_NotWhatTheRequestAsked()
    {
        using FederationCa ca = FederationCa.Create(_data.Path, DateTimeOffset.UtcNow, out _)!;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string csr = new CertificateRequest("CN=core-tokyo", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        using X509Certificate2 issued = ca.IssueAgent("edge-osaka", csr, DateTimeOffset.UtcNow, out string? problem)!;

        Assert.Null(problem);
        Assert.Equal("CN=edge-osaka", issued.Subject);
        Assert.True(FederationTrust.IssuedBy(issued, ca.Certificate));
        Assert.False(issued.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public void IssuedBy_AnotherCa_False()
    {
        using var other = new TempDirectory();
        using FederationCa ca = FederationCa.Create(_data.Path, DateTimeOffset.UtcNow, out _)!;
        using FederationCa stranger = FederationCa.Create(other.Path, DateTimeOffset.UtcNow, out _)!;

        using X509Certificate2 server = stranger.IssueServer(["localhost"], [IPAddress.Loopback], DateTimeOffset.UtcNow);

        Assert.True(server.HasPrivateKey);
        Assert.True(FederationTrust.IssuedBy(server, stranger.Certificate));
        Assert.False(FederationTrust.IssuedBy(server, ca.Certificate));
    }

    public void Dispose() => _data.Dispose();
}
