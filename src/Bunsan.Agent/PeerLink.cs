using System.Net;
using System.Net.Sockets;

namespace Bunsan.Agent;

/// <summary>
/// The connections to one peer agent. Forwards go over HTTP/2 to the peer's HTTP/2-only listener once
/// <see cref="PeerAddress"/> has found it (one connection, every forward a stream on it); until then, or after that
/// listener failed, over HTTP/1.1 keep-alive to the site's endpoint (one pooled connection per forward in flight).
/// A failed forward is never retried here: it is a failed candidate and the gateway tries the next one.
/// </summary>
internal sealed class PeerLink : IDisposable
{
    private readonly Uri _endpoint;
    private readonly HttpClient _http1;
    private readonly List<HttpClient> _http2Clients = [];
    private readonly Lock _lock = new();
    private HttpClient? _http2;
    private int _discovering;
    private int _connectionsOpened;
    private bool _warm;

    private readonly System.Net.Security.SslClientAuthenticationOptions? _tls;

    /// <param name="tls">Production mode: how to authenticate this peer and this site over an https endpoint.</param>
    public PeerLink(Uri endpoint, bool useHttp2, System.Net.Security.SslClientAuthenticationOptions? tls = null)
    {
        _tls = tls;
        _endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/");
        UsesHttp2 = useHttp2;
        _http1 = Create(_endpoint, HttpVersion.Version11);
    }

    /// <summary>Whether this link looks for the peer's HTTP/2 listener at all (false: HTTP/1.1 only, for comparison).</summary>
    public bool UsesHttp2 { get; }

    /// <summary>The client forwards use now: HTTP/2 when the peer listener answered, HTTP/1.1 otherwise.</summary>
    public HttpClient Current => Volatile.Read(ref _http2) ?? _http1;

    /// <summary>TCP connections opened to this peer so far, both protocols: what "one connection per peer" is checked against.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _connectionsOpened);

    /// <summary>Whether the peer has answered a health check over the connection forwards will use.</summary>
    public bool Warm => Volatile.Read(ref _warm);

    /// <summary>
    /// One health check: over HTTP/1.1 to learn the peer port, then over HTTP/2 to open the connection forwards
    /// will share. True when the peer answered; a peer port that does not answer leaves the link on HTTP/1.1.
    /// </summary>
    public async Task<bool> TryWarmAsync(CancellationToken cancellationToken)
    {
        Uri? peerAddress;
        try
        {
            using HttpResponseMessage health = await _http1.GetAsync("v1/health", cancellationToken).ConfigureAwait(false);
            peerAddress = UsesHttp2 ? PeerAddress.FromHealth(_endpoint, health.Headers) : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Not listening yet (agents of a federation start in any order), or the connect timed out.
            return false;
        }
        if (peerAddress is not null)
        {
            HttpClient http2 = ClientFor(peerAddress);
            try
            {
                using HttpResponseMessage _ = await http2.GetAsync("v1/health", cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _http2, http2);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The peer port is firewalled or not listening: HTTP/1.1 keep-alive still reaches the peer.
            }
        }
        Volatile.Write(ref _warm, true);
        return true;
    }

    /// <summary>
    /// The forward over <paramref name="client"/> failed. If that was the HTTP/2 link, forwards fall back to HTTP/1.1
    /// and the peer listener is looked for again in the background (the peer may have restarted on another port).
    /// </summary>
    public void Failed(HttpClient client, TimeSpan patience, CancellationToken stopping)
    {
        if (client == _http1 || Interlocked.CompareExchange(ref _http2, null, client) != client
            || Interlocked.Exchange(ref _discovering, 1) == 1)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await WarmUntilAsync(patience, stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // The agent is stopping (its links may already be disposed).
            }
            finally
            {
                Volatile.Write(ref _discovering, 0);
            }
        }, CancellationToken.None);
    }

    /// <summary>Retries <see cref="TryWarmAsync"/> every 200 ms for up to <paramref name="patience"/>: agents start in any order.</summary>
    public async Task WarmUntilAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!await TryWarmAsync(cancellationToken).ConfigureAwait(false)
            && System.Diagnostics.Stopwatch.GetElapsedTime(start) < patience)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _http1.Dispose();
        lock (_lock)
        {
            _http2Clients.ForEach(c => c.Dispose());
        }
    }

    /// <summary>The client for a peer address; a new one only when the peer moved.</summary>
    private HttpClient ClientFor(Uri peerAddress)
    {
        lock (_lock)
        {
            // Kept, not replaced: a client is disposed only with the link, never under a forward still using it.
            HttpClient? known = _http2Clients.Find(c => c.BaseAddress == peerAddress);
            if (known is null)
            {
                known = Create(peerAddress, HttpVersion.Version20);
                _http2Clients.Add(known);
            }
            return known;
        }
    }

    private HttpClient Create(Uri baseAddress, Version version)
    {
        bool http2 = version == HttpVersion.Version20;
        var handler = new SocketsHttpHandler
        {
            // HTTP/2: the one connection is never recycled, since a new one costs a forward a handshake round trip on
            // a wide-area link; a peer that moved is found by rediscovery instead (Failed). HTTP/1.1 connections are
            // recycled every minute, so a peer restarted at a new address behind the same name is found within it.
            PooledConnectionLifetime = http2 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMinutes(1),
            PooledConnectionIdleTimeout = http2 ? TimeSpan.FromMinutes(30) : TimeSpan.FromMinutes(5),
            // A second HTTP/2 connection opens only past the peer's stream limit (Kestrel: 100 streams).
            EnableMultipleHttp2Connections = true,
            // A peer that vanished without closing its socket (power loss, partition) is noticed within ~3 s, not at the next forward.
            KeepAlivePingDelay = TimeSpan.FromSeconds(1),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(2),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ConnectCallback = ConnectAsync,
        };
        if (_tls is not null)
        {
            handler.SslOptions = _tls;
        }
        return new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            // Each forward carries its own budget as a cancellation deadline; no blanket timeout on top.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _connectionsOpened);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
