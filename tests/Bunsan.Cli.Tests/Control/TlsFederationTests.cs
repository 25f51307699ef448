using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Bunsan.Agent.Control;
using Bunsan.Cli.Commands.Control;
using Bunsan.ControlPlane;
using Bunsan.ControlPlane.Jobs;
using Bunsan.ControlPlane.Security;
using Bunsan.Core.Geo;
using Bunsan.Protocol.Trust;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Control;

/// <summary>
/// Production mode with the work on it: a real control plane with --tls and two enrolled agents on https endpoints.
/// A forward between the sites, a durable job, and the site data API all run over mutual TLS, and the paths that
/// only federation members may use refuse a caller without a federation certificate.
/// </summary>
public sealed class TlsFederationTests : IAsyncLifetime
{
    private static readonly GeoPoint Osaka = new(34.69, 135.50);
    private static readonly GeoPoint Tokyo = new(35.68, 139.69);
    private readonly LiveFederation _federation = new("bunsan-cli-tls-federation-");
    private readonly Dictionary<string, ControlledAgent> _agents = [];
    private readonly Dictionary<string, Uri> _endpoints = [];
    private X509Certificate2? _ca;

    public async ValueTask InitializeAsync()
    {
        await _federation.StartControlPlaneAsync(TimeSpan.FromSeconds(2), tls: true);
        _ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(FederationCa.DirectoryOf(_federation.ControlPlaneDirectory), FederationCa.CertificateFile)));
        foreach ((string id, GeoPoint location) in new[] { ("edge-osaka", Osaka), ("edge-tokyo", Tokyo) })
        {
            int port = LoopbackPorts.Free();
            _endpoints[id] = new Uri($"https://127.0.0.1:{port}/");
            _agents[id] = await _federation.StartAgentAsync(id, id, location, port, _endpoints[id], TimeSpan.FromMilliseconds(250));
        }
    }

    [Fact]
    public async Task ForwardBetweenSites_RunsOverMutualTls_AndAForgedForwardWithoutACertificateIsRefused()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        await DeployEchoAsync(maxReplicas: 1, cancel);
        string host = await HostOfEchoAsync();
        string other = _agents.Keys.Single(id => id != host);
        using HttpClient client = AgentClient(_endpoints[other]);

        using HttpResponseMessage forwarded = await client.PostAsync("v1/invoke/echo", new ByteArrayContent("over tls"u8.ToArray()), cancel);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "v1/invoke/echo") { Content = new ByteArrayContent("forged"u8.ToArray()) };
        forged.Headers.TryAddWithoutValidation("Bunsan-Forwarded-By", host);
        using HttpResponseMessage refused = await AgentClient(_endpoints[host]).SendAsync(forged, cancel);

        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal("over tls", await forwarded.Content.ReadAsStringAsync(cancel));
        Assert.Equal(host, forwarded.Headers.GetValues("Bunsan-Site").Single());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("certificate", await refused.Content.ReadAsStringAsync(cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DurableJob_RunsAtASiteOverTls()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        await DeployEchoAsync(maxReplicas: 2, cancel);
        await HostOfEchoAsync();
        using HttpClient api = ApiClient();

        using HttpResponseMessage submitted = await api.PostAsJsonAsync("v1/jobs", new { function = "echo", input = Convert.ToBase64String("job over tls"u8) }, cancel);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync(cancel));
        using JsonDocument job = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync(cancel));
        string id = job.RootElement.GetProperty("id").GetString()!;
        await LiveFederation.UntilAsync(async () => (await _federation.Server!.Grains.Job(id).GetJob())!.IsFinished);

        JobRecord record = (await _federation.Server!.Grains.Job(id).GetJob())!;
        Assert.Equal(JobStatus.Succeeded, record.Status);
        Assert.Equal("job over tls", Encoding.UTF8.GetString(record.Result!.Output!));
    }

    [Fact]
    public async Task SiteDataApi_WantsTheControlPlanesCertificate_NotTheDataSecretAlone()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        string secret = (await File.ReadAllTextAsync(Path.Combine(_federation.AgentDirectory("edge-osaka"), "data", "data.secret"), cancel)).Trim();
        using HttpClient client = AgentClient(_endpoints["edge-osaka"]);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        using HttpResponseMessage answer = await client.DeleteAsync("v1/data/datasets/anything", cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    public async Task AgentPorts_RefusePlaintext()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var endpoint = new UriBuilder(_endpoints["edge-osaka"]) { Scheme = Uri.UriSchemeHttp }.Uri;

        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new Uri(endpoint, "v1/health"), cancel));
        using HttpResponseMessage overTls = await AgentClient(_endpoints["edge-osaka"]).GetAsync("v1/health", cancel);
        Assert.Equal(HttpStatusCode.OK, overTls.StatusCode);
    }

    /// <summary>A client of an agent (a vehicle, a sensor): no certificate of its own, the CA to check the agent's.</summary>
    private HttpClient AgentClient(Uri endpoint) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 leaf && FederationTrust.Identity(leaf, _ca!) is not null },
    })
    { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };

    private HttpClient ApiClient()
    {
        var api = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 leaf && FederationTrust.IsControlPlane(leaf, _ca!) },
        })
        { BaseAddress = _federation.Server!.ApiUri, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _federation.AdminToken);
        return api;
    }

    private async Task DeployEchoAsync(int maxReplicas, CancellationToken cancel)
    {
        using HttpClient api = ApiClient();
        byte[] wasm = ModuleFile.Read(Path.Combine(SharedData.RepoRoot, "examples", "functions", "echo.wat"));
        using HttpResponseMessage module = await api.PostAsync("v1/modules", new ByteArrayContent(wasm), cancel);
        Assert.True(module.IsSuccessStatusCode, await module.Content.ReadAsStringAsync(cancel));
        using JsonDocument uploaded = JsonDocument.Parse(await module.Content.ReadAsStringAsync(cancel));
        using HttpResponseMessage deployed = await api.PutAsJsonAsync("v1/functions/echo", new Dictionary<string, object>
        {
            ["module_digest"] = uploaded.RootElement.GetProperty("digest").GetString()!,
            ["class"] = "interactive",
            ["max_replicas"] = maxReplicas,
        }, cancel);
        Assert.True(deployed.IsSuccessStatusCode, await deployed.Content.ReadAsStringAsync(cancel));
    }

    /// <summary>Waits until every agent's plan has echo and one of them hosts it (its module fetched over the agent's mutual TLS link); returns that one.</summary>
    private async Task<string> HostOfEchoAsync()
    {
        await LiveFederation.UntilAsync(() => Task.FromResult(
            _agents.Values.Any(a => a.Live.Current.Local.Hosts("echo"))
            && _agents.Values.All(a => a.Live.Current.Federation.Functions.ContainsKey("echo"))));
        return _agents.Where(pair => pair.Value.Live.Current.Local.Hosts("echo")).Select(pair => pair.Key).Order(StringComparer.Ordinal).First();
    }

    public async ValueTask DisposeAsync()
    {
        _ca?.Dispose();
        await _federation.DisposeAsync();
    }
}
