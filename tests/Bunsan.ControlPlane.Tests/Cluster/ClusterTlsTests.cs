using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Security;
using Bunsan.Protocol.Trust;
using Bunsan.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Tests.Cluster;

/// <summary>Production mode's silo-to-silo TLS: real silos over a real Redis and PostgreSQL, certificates from real CAs on disk.</summary>
[Collection(ClusterServices.Name)]
public sealed class ClusterTlsTests(PostgresFixture postgres, RedisFixture redis) : ClusterTest(postgres, redis)
{
    /// <summary>Handshakes and refusals take milliseconds on loopback; this bounds a hang.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection must stay open after the handshake to count as accepted (a refusal closes it in milliseconds).</summary>
    private static readonly TimeSpan Verdict = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TwoSilosSharingTheCa_ClusterOverTls_SitesWrittenThroughOneAreReadThroughTheOther()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        string first = NewDataDirectory();
        CreateCa(first).Dispose();
        string second = CopyCaTo(first);
        await using ControlPlaneHost a = await StartSiloAsync(first);
        await using ControlPlaneHost b = await StartSiloAsync(second);
        // Enough sites that the registry's shards and the sites' grains land on both silos: reads cross the TLS link.
        string[] sites = [.. Enumerable.Range(0, 12).Select(i => $"edge-{i:D2}")];

        foreach (string id in sites)
        {
            Assert.True((await a.Grains.Site(id).Register(Samples.Osaka with { Name = id })).Succeeded);
        }

        Assert.Equal(2, (await ActiveSilosAsync(a)).Length);
        Assert.Equal(2, (await ActiveSilosAsync(b)).Length);
        Assert.Equal(sites, (await b.Grains.SiteIds()).Order(StringComparer.Ordinal));
        Assert.Equal(sites, await Task.WhenAll(sites.Select(async id => (await b.Grains.Site(id).GetStatus())!.Site.Name)));
        await b.StopAsync(cancel);
        await a.StopAsync(cancel);
    }

    [Fact]
    public async Task SiloWithAnotherCa_IsRefusedByTls_AndNeverBecomesActive()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        string ours = NewDataDirectory();
        CreateCa(ours).Dispose();
        string theirs = NewDataDirectory();
        CreateCa(theirs).Dispose();
        var refusals = new TlsRefusalWatcher();
        await using ControlPlaneHost a = await StartSiloAsync(ours, refusals);
        Assert.True((await a.Grains.Site("edge-osaka").Register(Samples.Osaka)).Succeeded);
        using var stopStranger = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using IHost stranger = BuildStranger(Options(theirs));

        // A joining silo must ping every active one before it counts as Active (for 5 minutes, Orleans' default
        // MaxJoinAttemptTime): the first ping's handshake is the signal. Later A would vote it Dead (after its next
        // membership refresh, up to a minute), which is the same refusal, only slower to observe.
        Task start = stranger.StartAsync(stopStranger.Token);
        await refusals.First.WaitAsync(Patience, cancel);

        Assert.False(start.IsCompleted);
        Assert.Equal([a.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress], await ActiveSilosAsync(a));
        Assert.Equal(["edge-osaka"], await a.Grains.SiteIds());
        await stopStranger.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.WaitAsync(Patience, cancel));
        await a.StopAsync(cancel);
    }

    [Fact]
    public async Task PlaintextOrASiteCertificate_OnTheSiloAndGatewayPorts_GetsNoAnswer_AndTheSiloStaysUp()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        string data = NewDataDirectory();
        using FederationCa ca = CreateCa(data);
        using X509Certificate2 site = IssueSiteCertificate(ca, "edge-osaka");
        using X509Certificate2 peer = ca.IssueServer(["localhost"], [IPAddress.Loopback], DateTimeOffset.UtcNow);
        await using ControlPlaneHost a = await StartSiloAsync(data);

        foreach (int port in new[] { a.Options.SiloPort, a.Options.GatewayPort })
        {
            Assert.Empty(await PlaintextAnswerAsync(port));
            Assert.True(await HandshakeAcceptsAsync(port, peer, ca.Certificate));
            Assert.False(await HandshakeAcceptsAsync(port, site, ca.Certificate));
        }

        Assert.True((await a.Grains.Site("edge-osaka").Register(Samples.Osaka)).Succeeded);
        Assert.Equal(["edge-osaka"], await a.Grains.SiteIds());
        await a.StopAsync(cancel);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tls_WithoutACaInTheDataDirectory_ThrowsNamingTlsAndTheFix(bool clustered)
    {
        string data = NewDataDirectory();
        var options = Options(data);
        if (!clustered)
        {
            options.Cluster = null;
        }

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ControlPlaneHost.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken));

        Assert.StartsWith("control plane options: Tls: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("bunsan ca init", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedSilo_WithTls_StartsAndAnswers()
    {
        CancellationToken cancel = TestContext.Current.CancellationToken;
        string data = NewDataDirectory();
        CreateCa(data).Dispose();
        var options = Options(data);
        options.Cluster = null;

        await using ControlPlaneHost embedded = await ControlPlaneHost.StartAsync(options, cancellationToken: cancel);

        Assert.True((await embedded.Grains.Site("edge-osaka").Register(Samples.Osaka)).Succeeded);
        Assert.Empty(await PlaintextAnswerAsync(options.SiloPort));
        await embedded.StopAsync(cancel);
    }

    private static FederationCa CreateCa(string dataDirectory) =>
        FederationCa.Create(dataDirectory, DateTimeOffset.UtcNow, out string? problem) ?? throw new InvalidOperationException(problem);

    /// <summary>A second silo's data directory holding the same CA, as an operator copies DATA/ca to each machine.</summary>
    private string CopyCaTo(string source)
    {
        string target = NewDataDirectory();
        Directory.CreateDirectory(FederationCa.DirectoryOf(target));
        foreach (string name in new[] { FederationCa.CertificateFile, FederationCa.KeyFile })
        {
            File.Copy(Path.Combine(FederationCa.DirectoryOf(source), name), Path.Combine(FederationCa.DirectoryOf(target), name));
        }
        return target;
    }

    private ControlPlaneOptions Options(string dataDirectory)
    {
        ControlPlaneOptions options = SiloOptions(dataDirectory);
        options.Tls = true;
        return options;
    }

    /// <summary>
    /// A silo like <see cref="StartSiloAsync"/>'s, in a host of the test's own: should it be voted dead before the test
    /// ends, Orleans' default reaction would end the process, the test runner's; here nothing happens.
    /// </summary>
    private static IHost BuildStranger(ControlPlaneOptions options)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            ControlPlaneHost.ConfigureSilo(silo, options);
            silo.Services.AddSingleton<IFatalErrorHandler, IgnoreFatalErrors>();
        });
        return builder.Build();
    }

    private Task<ControlPlaneHost> StartSiloAsync(string dataDirectory, ILoggerProvider? logs = null) =>
        ControlPlaneHost.StartAsync(
            Options(dataDirectory),
            logs is null ? null : logging => logging.AddProvider(logs),
            cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<SiloAddress[]> ActiveSilosAsync(ControlPlaneHost silo) => [.. (await SilosAsync(silo, onlyActive: true)).Keys];

    /// <summary>The cluster's membership as <paramref name="silo"/> sees it.</summary>
    private static Task<Dictionary<SiloAddress, SiloStatus>> SilosAsync(ControlPlaneHost silo, bool onlyActive) =>
        silo.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive);

    /// <summary>What the port sends back to bytes that are not a TLS ClientHello, until it closes the connection.</summary>
    private static async Task<byte[]> PlaintextAnswerAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        NetworkStream stream = client.GetStream();
        // The shape of an Orleans connection preamble: a little-endian length, then the payload.
        byte[] preamble = [16, 0, 0, 0, .. "orleans-preamble"u8.ToArray()];
        await stream.WriteAsync(preamble, TestContext.Current.CancellationToken);
        using var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, TestContext.Current.CancellationToken);
        }
        catch (IOException)
        {
            // A reset is a refusal too.
        }
        return answer.ToArray();
    }

    /// <summary>
    /// Whether the port keeps a TLS connection in which this side presents <paramref name="clientCertificate"/> and
    /// accepts only a control-plane certificate from <paramref name="ca"/>. The client's handshake can end before the
    /// server has judged the client's certificate (measured: a refused site certificate completed the client side under
    /// CI load, even on TLS 1.2), so the verdict is what follows: a refused client is disconnected at once, an accepted
    /// one is left open, since the silo waits for the caller's preamble. <see cref="Verdict"/> bounds that wait.
    /// </summary>
    private static async Task<bool> HandshakeAcceptsAsync(int port, X509Certificate2 clientCertificate, X509Certificate2 ca)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = SslProtocols.Tls12,
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 leaf && FederationTrust.IsControlPlane(leaf, ca),
            }, TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
            using var verdict = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            verdict.CancelAfter(Verdict);
            // Ends with 0 bytes or a reset when the server drops the connection; cancelled when it keeps it.
            return await tls.ReadAsync(new byte[1], verdict.Token) > 0;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or AuthenticationException)
        {
            return false;
        }
    }

    /// <summary>What an enrolled agent holds: a certificate from the same CA, for a site.</summary>
    private static X509Certificate2 IssueSiteCertificate(FederationCa ca, string site)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string csr = new CertificateRequest("CN=" + site, key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using X509Certificate2 issued = ca.IssueAgent(site, csr, DateTimeOffset.UtcNow, out string? problem) ?? throw new InvalidOperationException(problem);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12, as FederationCa.IssueServer does: SslStream on Linux wants a key that is not an ephemeral handle.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private sealed class IgnoreFatalErrors : IFatalErrorHandler
    {
        public bool IsUnexpected(Exception exception) => exception is not OperationCanceledException;

        public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
        {
        }
    }

    /// <summary>Completes when the silo's TLS layer refuses an inbound connection's certificate (Orleans logs it, at Warning).</summary>
    private sealed class TlsRefusalWatcher : ILoggerProvider, ILogger
    {
        private const string Category = "Orleans.Connections.Security.TlsServerConnectionMiddleware";
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task First => _first.Task;

        public ILogger CreateLogger(string categoryName) => categoryName == Category ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is AuthenticationException)
            {
                _first.TrySetResult();
            }
        }

        public void Dispose()
        {
        }
    }
}
