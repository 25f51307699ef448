using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Bunsan.Agent.Control;
using Bunsan.ControlPlane.Security;
using Bunsan.Core.Sites;
using Bunsan.Protocol;
using Bunsan.Protocol.Trust;
using Bunsan.Protocol.V1;
using Bunsan.Tests;
using Grpc.Core;
using Grpc.Net.Client;

namespace Bunsan.Cli.Tests.Control;

/// <summary>
/// Production mode (`bunsan up --tls`) end to end, over loopback: agents enrol with the pinned join token and speak
/// only for their own site; plaintext, certificate-less and foreign-CA clients never reach a service; enrolment refuses
/// hostile requests with the field at fault; join.token follows the mode of each start.
/// </summary>
public sealed class MutualTlsTests(MutualTlsFederation federation) : IClassFixture<MutualTlsFederation>, IDisposable
{
    private static readonly TimeSpan Beat = TimeSpan.FromMilliseconds(250);

    /// <summary>For a second federation's CA: the one every "foreign" certificate or fingerprint comes from.</summary>
    private readonly DirectoryInfo _elsewhere = Directory.CreateTempSubdirectory("bunsan-cli-mtls-other-");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_PinnedJoinTokenOverHttps_EnrolsAndRegistersHealthy_WithTheKeyPrivateAndACertificateNamingTheSite()
    {
        await federation.StartAgentAsync("edge-enrolled");

        string tls = Path.Combine(federation.AgentDirectory("edge-enrolled"), AgentTls.Folder);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, "agent.key")));
        }
        Assert.DoesNotContain("PRIVATE", await File.ReadAllTextAsync(Path.Combine(tls, "agent.crt"), Cancel), StringComparison.Ordinal);
        // Loading the pair checks that the certificate carries the key the agent kept.
        using X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(Path.Combine(tls, "agent.crt"), Path.Combine(tls, "agent.key"));
        Assert.Equal("edge-enrolled", FederationTrust.Identity(certificate, federation.Ca));
        Assert.Equal("edge-enrolled", certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        using X509Certificate2 pinned = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(tls, "ca.crt"), Cancel));
        Assert.Equal(federation.Fingerprint, FederationTrust.Fingerprint(pinned));
        Site registered = (await federation.RegisteredAsync("edge-enrolled"))!;
        Assert.Equal(SiteHealth.Healthy, registered.Health);
        Assert.Equal(Uri.UriSchemeHttps, registered.Endpoint!.Scheme);
    }

    [Fact]
    public async Task Start_AgainOverTheSameDataDirectory_ReusesTheCertificateAndRegistersAgain()
    {
        ControlledAgent first = await federation.StartAgentAsync("edge-restarted");
        string tls = Path.Combine(federation.AgentDirectory("edge-restarted"), AgentTls.Folder);
        byte[] certificate = await File.ReadAllBytesAsync(Path.Combine(tls, "agent.crt"), Cancel);
        byte[] key = await File.ReadAllBytesAsync(Path.Combine(tls, "agent.key"), Cancel);
        await first.DisposeAsync();
        federation.Forget(first);

        // A new port, so the registration the control plane holds shows which start made it.
        int port = LoopbackPorts.Free();
        var endpoint = new Uri($"https://127.0.0.1:{port}");
        await federation.StartAgentAsync("edge-restarted", "edge-restarted", MutualTlsFederation.Osaka, port, endpoint, Beat);

        await LiveFederation.UntilAsync(async () => (await federation.RegisteredAsync("edge-restarted"))?.Endpoint == endpoint);
        Assert.Equal(certificate, await File.ReadAllBytesAsync(Path.Combine(tls, "agent.crt"), Cancel));
        Assert.Equal(key, await File.ReadAllBytesAsync(Path.Combine(tls, "agent.key"), Cancel));
    }

    [Fact]
    public async Task PlaintextHttp_ToTheApiAndAgentPorts_GetsNoHttpAnswer_WhileHttpsIsServed()
    {
        Uri api = federation.Server!.ApiUri;
        Uri agent = federation.Server.AgentUri;
        Assert.Equal(Uri.UriSchemeHttps, api.Scheme);
        Assert.Equal(Uri.UriSchemeHttps, agent.Scheme);
        using var plain = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new Uri($"http://{api.Authority}/v1/ca"), Cancel));
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new Uri($"http://{agent.Authority}/"), Cancel));
        // gRPC's own transport: HTTP/2 with prior knowledge, as a cleartext agent would speak.
        using var h2c = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://{agent.Authority}/bunsan.control.v1.AgentControl/Heartbeat"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.SendAsync(h2c, Cancel));

        using HttpClient https = federation.Api(bearer: null);
        using X509Certificate2 served = X509Certificate2.CreateFromPem(await https.GetStringAsync("v1/ca", Cancel));
        Assert.Equal(federation.Fingerprint, FederationTrust.Fingerprint(served));
    }

    [Fact]
    public async Task AgentPort_TlsClientWithoutACertificate_IsRefusedBeforeAnyService()
    {
        using GrpcChannel channel = federation.AgentChannelPresenting(clientCertificate: null);

        // Reaching the service would answer PermissionDenied (no certificate names the site) or NotFound.
        RpcException refused = await Assert.ThrowsAsync<RpcException>(() => federation.HeartbeatAsync(channel, "edge-no-certificate"));

        AssertRefusedInTransport(refused);
    }

    [Fact]
    public async Task AgentPort_CertificateFromAnotherCa_IsRefusedBeforeAnyService()
    {
        await federation.StartAgentAsync("edge-impersonated");
        using FederationCa other = OtherCa();
        // The same site's name, from the wrong CA: were it accepted, this heartbeat would succeed.
        using X509Certificate2 foreign = MutualTlsFederation.IssueWithKey(other, "edge-impersonated");
        using GrpcChannel channel = federation.AgentChannelPresenting(foreign);

        RpcException refused = await Assert.ThrowsAsync<RpcException>(() => federation.HeartbeatAsync(channel, "edge-impersonated"));

        AssertRefusedInTransport(refused);
    }

    [Fact]
    public async Task AgentCertificateOfSiteA_RegisterHeartbeatOrWatchAsSiteB_PermissionDenied()
    {
        await federation.StartAgentAsync("edge-a");
        await federation.StartAgentAsync("edge-b");
        Uri victim = (await federation.RegisteredAsync("edge-b"))!.Endpoint!;
        using AgentTls a = AgentTls.Open(federation.AgentDirectory("edge-a"), federation.Fingerprint);
        Assert.NotNull(a.Certificate);
        using GrpcChannel channel = federation.AgentChannel(a.CreateHandler(clientCertificate: true));
        var client = new AgentControl.AgentControlClient(channel);
        await federation.HeartbeatAsync(channel, "edge-a");

        RpcException beat = await Assert.ThrowsAsync<RpcException>(() => federation.HeartbeatAsync(channel, "edge-b"));
        Site hijacked = LiveFederation.EdgeSite("edge-b", "edge-b", MutualTlsFederation.Osaka, new Uri("https://127.0.0.1:1"));
        RpcException register = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.RegisterAsync(new RegisterRequest { Site = SiteMessages.ToMessage(hijacked) }, federation.Bearer, cancellationToken: Cancel));
        using AsyncServerStreamingCall<DesiredState> watch = client.Watch(new WatchRequest { SiteId = "edge-b" }, federation.Bearer, cancellationToken: Cancel);
        RpcException watched = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(Cancel));

        Assert.All([beat, register, watched], e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.Contains("'edge-a', not 'edge-b'", register.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(victim, (await federation.RegisteredAsync("edge-b"))!.Endpoint);
    }

    [Fact]
    public async Task Start_JoinTokenPinningAnotherCa_RefusedNamingTokenAndTheFingerprint_WithoutEnrolling()
    {
        using FederationCa other = OtherCa();
        string token = (JoinToken.Parse(federation.ReadJoinToken()) with { CaFingerprint = other.Fingerprint }).ToString();

        ControlledAgentStart start = await ControlledAgent.StartAsync(federation.AgentOptions("edge-wrong-pin", token, federation.Server!.ApiUri));

        Assert.Null(start.Agent);
        Assert.Equal("--token", start.Field);
        Assert.Contains("fingerprint", start.Error, StringComparison.Ordinal);
        Assert.Contains(other.Fingerprint, start.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(federation.AgentDirectory("edge-wrong-pin"), AgentTls.Folder, "agent.key")));
        Assert.Null(await federation.RegisteredAsync("edge-wrong-pin"));
    }

    [Theory]
    [InlineData(true, "http", "https", "--control")]
    [InlineData(false, "https", "https", "--token")]
    [InlineData(true, "https", "http", "--advertise")]
    public async Task Start_TokenAndAddressesOfDifferentModes_RefusedNamingTheField(bool pinned, string controlScheme, string endpointScheme, string field)
    {
        string token = pinned ? federation.ReadJoinToken() : federation.JoinSecret;
        var control = new Uri($"{controlScheme}://{federation.Server!.ApiUri.Authority}/");

        ControlledAgentStart start = await ControlledAgent.StartAsync(federation.AgentOptions("edge-mixed-modes", token, control, endpointScheme));

        Assert.Null(start.Agent);
        Assert.Equal(field, start.Field);
        Assert.Null(await federation.RegisteredAsync("edge-mixed-modes"));
    }

    [Fact]
    public async Task Enrol_WithoutAKnownToken_Unauthorized()
    {
        string csr = Csr("CN=edge-anonymous", out _);
        using HttpClient anonymous = federation.Api(bearer: null);
        using HttpClient guessing = federation.Api(bearer: "bsn_join_guessed");

        using HttpResponseMessage without = await anonymous.PostAsJsonAsync("v1/agents/certificate", new { site = "edge-anonymous", csr }, Cancel);
        using HttpResponseMessage guessed = await guessing.PostAsJsonAsync("v1/agents/certificate", new { site = "edge-anonymous", csr }, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
    }

    public static TheoryData<string> HostileSites =>
        ["", "edge/osaka", "../../etc/passwd", "edge osaka", FederationTrust.ControlPlaneName, new string('a', 200), "edge-\n-newline"];

    [Theory]
    [MemberData(nameof(HostileSites))]
    public async Task Enrol_HostileSiteId_BadRequestNamingTheSite(string site)
    {
        (HttpStatusCode status, JsonElement body) = await EnrolAsync(site, Csr("CN=edge-x", out _));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("site ", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    /// <summary>By name: the values are too long or too odd to read well as test names.</summary>
    private static readonly Dictionary<string, string?> HostileCsrs = new(StringComparer.Ordinal)
    {
        ["missing"] = null,
        ["empty"] = "",
        ["blank"] = " \n\t ",
        ["garbage"] = "not a certificate request",
        ["empty PEM"] = "-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n",
        ["PEM of random bytes"] = PemEncoding.WriteString("CERTIFICATE REQUEST", RandomNumberGenerator.GetBytes(300)),
        ["a certificate, not a request"] = CertificatePem(),
        ["over 16 KiB (within the 64 KiB body)"] = new string('A', 20_000),
    };

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("blank")]
    [InlineData("garbage")]
    [InlineData("empty PEM")]
    [InlineData("PEM of random bytes")]
    [InlineData("a certificate, not a request")]
    [InlineData("over 16 KiB (within the 64 KiB body)")]
    public async Task Enrol_HostileCsr_BadRequestNamingTheCsr(string name)
    {
        (HttpStatusCode status, JsonElement body) = await EnrolAsync("edge-hostile-csr", HostileCsrs[name]);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("csr", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrol_CsrOf100KiB_PayloadTooLargeBeforeAnyParsing()
    {
        (HttpStatusCode status, JsonElement body) = await EnrolAsync("edge-huge-csr", new string('A', 100 << 10));

        // The body cap (64 KiB, every JSON endpoint) answers before the endpoint's own 16 KiB limit on the csr field.
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("body_too_large", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Enrol_CsrWhoseSignedSubjectWasAltered_BadRequest()
    {
        string csr = Csr("CN=edge-signed", out _);
        PemFields fields = PemEncoding.Find(csr);
        byte[] der = Convert.FromBase64String(csr[fields.Base64Data]);
        byte[] signedName = Encoding.ASCII.GetBytes("edge-signed");
        int at = der.AsSpan().IndexOf(signedName);
        Assert.True(at > 0);
        Encoding.ASCII.GetBytes("edge-forged").CopyTo(der, at);

        (HttpStatusCode status, JsonElement body) = await EnrolAsync("edge-forged", PemEncoding.WriteString("CERTIFICATE REQUEST", der));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("valid signature", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enrol_ValidCsr_CreatedWithACertificateNamingTheSite_NotTheCsrSubject()
    {
        // The request asks to be the control plane; the certificate names the site enrolled, nothing else.
        string csr = Csr("CN=" + FederationTrust.ControlPlaneName, out byte[] publicKey);

        (HttpStatusCode status, JsonElement body) = await EnrolAsync("edge-by-hand", csr);

        Assert.Equal(HttpStatusCode.Created, status);
        using X509Certificate2 issued = X509Certificate2.CreateFromPem(body.GetProperty("certificate").GetString());
        Assert.Equal("edge-by-hand", FederationTrust.Identity(issued, federation.Ca));
        Assert.False(FederationTrust.IsControlPlane(issued, federation.Ca));
        Assert.Equal(publicKey, issued.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo());
        Assert.Equal("edge-by-hand", body.GetProperty("site").GetString());
        using X509Certificate2 ca = X509Certificate2.CreateFromPem(body.GetProperty("ca").GetString());
        Assert.Equal(federation.Fingerprint, FederationTrust.Fingerprint(ca));
    }

    [Fact]
    public async Task Enrol_ControlPlaneWithoutTls_ConflictNoTls()
    {
        await using var plain = new LiveFederation("bunsan-cli-mtls-plain-");
        await plain.StartControlPlaneAsync(TimeSpan.FromSeconds(2));
        using var http = new HttpClient { BaseAddress = plain.Server!.ApiUri };
        http.DefaultRequestHeaders.Authorization = new("Bearer", plain.ReadJoinToken());

        using HttpResponseMessage enrolled = await http.PostAsJsonAsync("v1/agents/certificate", new { site = "edge-plain", csr = Csr("CN=edge-plain", out _) }, Cancel);
        using HttpResponseMessage ca = await http.GetAsync("v1/ca", Cancel);

        Assert.Equal(HttpStatusCode.Conflict, enrolled.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await enrolled.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("no_tls", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Conflict, ca.StatusCode);
    }

    [Fact]
    public async Task JoinTokenFile_FollowsTheModeOfEachStart_KeepingTheSecret()
    {
        await using var own = new LiveFederation("bunsan-cli-mtls-token-");

        await own.StartControlPlaneAsync(TimeSpan.FromSeconds(2), tls: true);
        JoinToken pinned = JoinToken.Parse(own.ReadJoinToken());
        using (FederationCa ca = FederationCa.Load(own.ControlPlaneDirectory, out string? problem)!)
        {
            Assert.Null(problem);
            Assert.Equal(ca.Fingerprint, pinned.CaFingerprint);
        }
        await own.StopControlPlaneAsync();
        await own.StartControlPlaneAsync(TimeSpan.FromSeconds(2));
        string plain = own.ReadJoinToken();
        await own.StopControlPlaneAsync();
        await own.StartControlPlaneAsync(TimeSpan.FromSeconds(2), tls: true);
        string pinnedAgain = own.ReadJoinToken();

        Assert.StartsWith("bsn_join_", pinned.Bearer, StringComparison.Ordinal);
        Assert.Equal(pinned.Bearer, plain);
        Assert.Equal(pinned.ToString(), pinnedAgain);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(own.Server!.JoinTokenPath));
        }
    }

    /// <summary>
    /// The call failed in the TLS handshake or right after it (a transport error, no gRPC status from a handler):
    /// no service ran, so neither PermissionDenied, NotFound nor success could be answered.
    /// </summary>
    private static void AssertRefusedInTransport(RpcException refused)
    {
        Assert.True(refused.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"{refused.StatusCode}: {refused.Status.Detail}");
        Assert.True(refused.Status.DebugException is HttpRequestException or IOException, refused.Status.DebugException?.ToString() ?? "no transport exception");
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> EnrolAsync(string site, string? csr)
    {
        using HttpClient http = federation.Api(federation.JoinSecret);
        using HttpResponseMessage answer = await http.PostAsJsonAsync("v1/agents/certificate", new { site, csr }, Cancel);
        using JsonDocument body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Cancel));
        return (answer.StatusCode, body.RootElement.Clone());
    }

    /// <summary>A PKCS#10 request (PEM) over a fresh P-256 key, and that key's public part.</summary>
    private static string Csr(string subject, out byte[] publicKey)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        publicKey = key.ExportSubjectPublicKeyInfo();
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
    }

    private static string CertificatePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 self = new CertificateRequest("CN=edge-x", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return self.ExportCertificatePem();
    }

    private FederationCa OtherCa() =>
        FederationCa.Create(_elsewhere.FullName, DateTimeOffset.UtcNow, out string? problem) ?? throw new InvalidOperationException(problem);

    public void Dispose() => _elsewhere.Delete(recursive: true);
}
