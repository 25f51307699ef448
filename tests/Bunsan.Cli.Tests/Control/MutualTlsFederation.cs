using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bunsan.Agent.Control;
using Bunsan.ControlPlane;
using Bunsan.ControlPlane.Security;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Protocol.Trust;
using Bunsan.Protocol.V1;
using Bunsan.Tests;
using Grpc.Core;
using Grpc.Net.Client;

namespace Bunsan.Cli.Tests.Control;

/// <summary>
/// A control plane in production mode (`bunsan up --tls`) for <see cref="MutualTlsTests"/>, with the clients a test
/// needs to probe it from outside: the API as the CLI calls it (trusting the CA alone), and the agent port with whatever
/// client certificate the test hands over. Sites go down 2 s after their last heartbeat; agents beat every 250 ms.
/// </summary>
public sealed class MutualTlsFederation() : LiveFederation("bunsan-cli-mtls-"), IAsyncLifetime
{
    public static readonly GeoPoint Osaka = new(34.69, 135.50);

    /// <summary>DATA/ca/ca.crt: what the CLI and every enrolled agent trust.</summary>
    public X509Certificate2 Ca { get; private set; } = null!;

    public string Fingerprint => FederationTrust.Fingerprint(Ca);

    /// <summary>The join token's secret, the only part an agent ever sends.</summary>
    public string JoinSecret => JoinToken.Parse(ReadJoinToken()).Bearer;

    public async ValueTask InitializeAsync()
    {
        await StartControlPlaneAsync(TimeSpan.FromSeconds(2), tls: true);
        Ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(
            Path.Combine(FederationCa.DirectoryOf(ControlPlaneDirectory), FederationCa.CertificateFile)));
    }

    /// <summary>Starts an agent with the pinned join token and an https endpoint, and waits until it is healthy.</summary>
    public Task<ControlledAgent> StartAgentAsync(string id)
    {
        int port = LoopbackPorts.Free();
        return StartAgentAsync(id, id, Osaka, port, new Uri($"https://127.0.0.1:{port}"), TimeSpan.FromMilliseconds(250));
    }

    /// <summary>The site as the control plane holds it (health derived now); null when it never registered.</summary>
    public async Task<Site?> RegisteredAsync(string id) => (await Server!.Grains.Site(id).GetStatus())?.Site;

    /// <summary>An agent's options with the token and control URL a test chooses (to see them refused).</summary>
    public ControlledAgentOptions AgentOptions(string id, string token, Uri controlUrl, string endpointScheme = "https")
    {
        int port = LoopbackPorts.Free();
        return new ControlledAgentOptions
        {
            ControlUrl = controlUrl,
            Token = token,
            Site = EdgeSite(id, id, Osaka, new Uri($"{endpointScheme}://127.0.0.1:{port}")),
            Port = port,
            DataDirectory = AgentDirectory(id),
            HeartbeatInterval = TimeSpan.FromMilliseconds(250),
        };
    }

    /// <summary>An HTTP client for the API over https that accepts only a control-plane certificate from the CA, as the CLI does.</summary>
    public HttpClient Api(string? bearer)
    {
        X509Certificate2 ca = Ca;
        var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 leaf && FederationTrust.IsControlPlane(leaf, ca) },
        })
        { BaseAddress = Server!.ApiUri };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return http;
    }

    /// <summary>
    /// A gRPC client for the agent port that trusts the control plane and presents <paramref name="clientCertificate"/>
    /// (none when null) whatever the server asks for: so a refused certificate is one that was really sent.
    /// </summary>
    public GrpcChannel AgentChannelPresenting(X509Certificate2? clientCertificate)
    {
        X509Certificate2 ca = Ca;
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 leaf && FederationTrust.IsControlPlane(leaf, ca),
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
            },
        };
        return AgentChannel(handler);
    }

    public GrpcChannel AgentChannel(HttpMessageHandler handler) =>
        GrpcChannel.ForAddress(Server!.AgentUri, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });

    /// <summary>The join secret as gRPC metadata, as agents send it.</summary>
    public Metadata Bearer => new() { { "authorization", "Bearer " + JoinSecret } };

    /// <summary>A heartbeat for <paramref name="site"/> over <paramref name="channel"/>.</summary>
    public async Task HeartbeatAsync(GrpcChannel channel, string site) =>
        await new AgentControl.AgentControlClient(channel).HeartbeatAsync(new HeartbeatRequest { SiteId = site }, Bearer,
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>A certificate with its key for <paramref name="site"/> from <paramref name="ca"/>, usable by SslStream on Linux.</summary>
    public static X509Certificate2 IssueWithKey(FederationCa ca, string site)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string csr = new CertificateRequest("CN=" + site, key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using X509Certificate2 issued = ca.IssueAgent(site, csr, DateTimeOffset.UtcNow, out string? problem)!;
        Assert.Null(problem);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public override async ValueTask DisposeAsync()
    {
        Ca?.Dispose();
        await base.DisposeAsync();
    }
}
