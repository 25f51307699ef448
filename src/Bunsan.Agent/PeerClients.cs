using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Bunsan.Agent;

/// <summary>
/// One <see cref="PeerLink"/> per peer agent, so a forward never pays a TCP handshake: by default HTTP/2 (h2c, prior
/// knowledge) to the peer's HTTP/2-only listener, every concurrent forward a stream on one connection; HTTP/1.1
/// keep-alive to the site's endpoint until that listener is found, or when it is unreachable.
/// </summary>
public sealed class PeerClients : IDisposable
{
    /// <summary>How long a link that lost its HTTP/2 connection keeps looking for the peer listener again.</summary>
    private static readonly TimeSpan Rediscovery = TimeSpan.FromMinutes(2);

    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    private readonly PeerLink?[] _links;
    private readonly Federation _federation;
    private readonly PeerLinkPool? _pool;
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="pool">Where links come from when plans change under a running agent: links outlive this instance
    /// (a new plan reuses the connections of the last one), and the pool disposes them. Null: this instance owns them.</param>
    public PeerClients(Federation federation, Version? protocol = null, PeerLinkPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(federation);
        _federation = federation;
        _pool = pool;
        Protocol = protocol ?? HttpVersion.Version20;
        if (Protocol != HttpVersion.Version20 && Protocol != HttpVersion.Version11)
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "use HTTP 2.0 or 1.1");
        }
        _links = new PeerLink?[federation.Topology.Sites.Length];
        for (int i = 0; i < _links.Length; i++)
        {
            Uri? endpoint = federation.Topology.Sites[i].Endpoint;
            if (i != federation.SelfIndex && endpoint is not null)
            {
                _links[i] = pool?.For(federation.Topology.Sites[i].Id, endpoint, useHttp2: Protocol == HttpVersion.Version20)
                    ?? new PeerLink(endpoint, useHttp2: Protocol == HttpVersion.Version20);
            }
        }
    }

    /// <summary>The HTTP version forwards prefer: 2.0 (falling back to 1.1 per peer, see <see cref="PeerLink"/>) or 1.1 only.</summary>
    public Version Protocol { get; }

    /// <summary>Whether the topology gives the site an endpoint to forward to.</summary>
    public bool CanReach(int site) => _links[site] is not null;

    /// <summary>TCP connections opened to a peer so far (both protocols); 0 for a site without an endpoint.</summary>
    public int ConnectionsOpened(int site) => _links[site]?.ConnectionsOpened ?? 0;

    /// <summary>A peer whose connection is open (see <see cref="WarmOnceAsync"/>), if any.</summary>
    internal int? AnyWarm()
    {
        int site = Array.FindIndex(_links, l => l is { Warm: true });
        return site < 0 ? null : site;
    }

    /// <summary>Forwards one invocation; the caller owns (and disposes) the response.</summary>
    public async Task<HttpResponseMessage> ForwardAsync(int site, string function, InvocationInput input, double budgetMs, CancellationToken cancellationToken)
    {
        PeerLink link = _links[site] ?? throw new InvalidOperationException($"site {_federation.Topology.Sites[site].Id} has no endpoint");
        HttpClient client = link.Current;
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/invoke/" + function)
        {
            Version = client.DefaultRequestVersion,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ReadOnlyMemoryContent(input.Body),
        };
        request.Content.Headers.ContentType = OctetStream;
        if (double.IsFinite(budgetMs))
        {
            // Batch (+∞) sends none: the peer then applies the class's own budget, which is +∞ too.
            request.Headers.TryAddWithoutValidation(ProtocolHeaders.DeadlineMs, BudgetHeader(budgetMs));
        }
        request.Headers.TryAddWithoutValidation(ProtocolHeaders.ForwardedBy, _federation.Self.Id);
        if (input.EmulatedExecMs is double execMs)
        {
            request.Headers.TryAddWithoutValidation(ProtocolHeaders.EmulatedExecMs, execMs.ToString("0.######", CultureInfo.InvariantCulture));
        }
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            link.Failed(client, Rediscovery, _stopping.Token);
            throw;
        }
    }

    /// <summary>
    /// The budget a forward carries. A spent one (zero or less: only baselines forward then, since Bunsan's gateway
    /// skips a peer it cannot reach in time) travels as one microsecond: the peer's admission refuses it, and a
    /// baseline peer, which admits everything, runs it as it would any late request. Sent as spent, the peer refused
    /// the header itself with 400 (measured in `bunsan demo`: 17 % of cloud-only's realtime requests).
    /// </summary>
    internal static string BudgetHeader(double budgetMs) =>
        Math.Max(budgetMs, MinBudgetMs).ToString("0.######", CultureInfo.InvariantCulture);

    private const double MinBudgetMs = 0.001;

    /// <summary>
    /// One round of health checks to every peer not yet warm (see <see cref="PeerLink.TryWarmAsync"/>): the first
    /// forwards then find an open connection. Measured before this existed, a cold first forward (TCP connect plus
    /// JIT of the client path) took longer than a 100 ms budget on this project's 2-core VMs.
    /// </summary>
    public Task WarmOnceAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_links.Where(l => l is { Warm: false }).Select(l => l!.TryWarmAsync(cancellationToken)));

    /// <summary>Keeps warming the peers that were not up yet, for up to <paramref name="patience"/>: agents start in any order.</summary>
    public Task WarmAsync(TimeSpan patience, CancellationToken cancellationToken) =>
        Task.WhenAll(_links.Where(l => l is { Warm: false }).Select(l => l!.WarmUntilAsync(patience, cancellationToken)));

    public void Dispose()
    {
        _stopping.Cancel();
        if (_pool is null)
        {
            foreach (PeerLink? link in _links)
            {
                link?.Dispose();
            }
        }
        _stopping.Dispose();
    }
}
