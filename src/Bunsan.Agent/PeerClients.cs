using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Bunsan.Agent;

/// <summary>
/// One persistent connection pool per peer agent (a shared <see cref="HttpClient"/> over a
/// <see cref="SocketsHttpHandler"/>), so a forward never pays a TCP handshake. Peers speak HTTP/1.1 with keep-alive,
/// one connection per request in flight, reused: h2c (HTTP/2 over cleartext with prior knowledge) was tried first,
/// but Kestrel accepts it only on an HTTP/2-only endpoint (measured: `curl --http2-prior-knowledge` against an
/// Http1AndHttp2 cleartext endpoint fails), which would cost every agent a second port for clients.
/// </summary>
public sealed class PeerClients : IDisposable
{
    private static readonly MediaTypeHeaderValue OctetStream = new("application/octet-stream");

    private readonly HttpClient?[] _clients;
    private readonly Federation _federation;

    public PeerClients(Federation federation, Version? protocol = null)
    {
        ArgumentNullException.ThrowIfNull(federation);
        _federation = federation;
        Protocol = protocol ?? HttpVersion.Version11;
        _clients = new HttpClient?[federation.Topology.Sites.Length];
        for (int i = 0; i < _clients.Length; i++)
        {
            Uri? endpoint = federation.Topology.Sites[i].Endpoint;
            if (i != federation.SelfIndex && endpoint is not null)
            {
                _clients[i] = Create(endpoint);
            }
        }
    }

    /// <summary>The HTTP version forwards use: 1.1 keep-alive by default; 2.0 (h2c) only towards HTTP/2-only endpoints.</summary>
    public Version Protocol { get; }

    /// <summary>Whether the topology gives the site an endpoint to forward to.</summary>
    public bool CanReach(int site) => _clients[site] is not null;

    /// <summary>Forwards one invocation; the caller owns (and disposes) the response.</summary>
    public Task<HttpResponseMessage> ForwardAsync(int site, string function, ReadOnlyMemory<byte> body, double budgetMs, CancellationToken cancellationToken)
    {
        HttpClient client = _clients[site] ?? throw new InvalidOperationException($"site {_federation.Topology.Sites[site].Id} has no endpoint");
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/invoke/" + function)
        {
            Version = Protocol,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = OctetStream;
        if (double.IsFinite(budgetMs))
        {
            // Batch (+∞) sends none: the peer then applies the class's own budget, which is +∞ too.
            request.Headers.TryAddWithoutValidation(ProtocolHeaders.DeadlineMs, budgetMs.ToString("0.######", CultureInfo.InvariantCulture));
        }
        request.Headers.TryAddWithoutValidation(ProtocolHeaders.ForwardedBy, _federation.Self.Id);
        return client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    /// <summary>
    /// Opens a connection to every peer (GET /v1/health, retried while the peer is still starting, for up to
    /// <paramref name="patience"/>), so the first forwards find a warm connection: measured, a cold first forward
    /// (TCP connect plus JIT of the client path) took longer than a 100 ms budget on this project's 2-core VMs.
    /// </summary>
    public Task WarmAsync(TimeSpan patience, CancellationToken cancellationToken) =>
        Task.WhenAll(_clients.Where(c => c is not null).Select(async client =>
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            while (!cancellationToken.IsCancellationRequested && System.Diagnostics.Stopwatch.GetElapsedTime(start) < patience)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "v1/health") { Version = Protocol, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                    using HttpResponseMessage response = await client!.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // The peer is not listening yet: agents of a federation start in any order.
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                }
            }
        }));

    public void Dispose()
    {
        foreach (HttpClient? client in _clients)
        {
            client?.Dispose();
        }
    }

    private HttpClient Create(Uri endpoint)
    {
        var handler = new SocketsHttpHandler
        {
            // Connections stay open between forwards; a peer restarted elsewhere is found again within a minute.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(2),
        };
        return new HttpClient(handler)
        {
            BaseAddress = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/"),
            // Each forward carries its own budget as a cancellation deadline; no blanket timeout on top.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = Protocol,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
