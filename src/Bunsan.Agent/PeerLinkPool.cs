using System.Collections.Concurrent;

namespace Bunsan.Agent;

/// <summary>
/// The peer links of an agent whose plan changes while it runs: one per peer endpoint, kept across plans so a new
/// routing table never reopens connections that are already warm. Disposing the pool closes them all.
/// </summary>
/// <param name="tls">Production mode: links speak TLS, presenting this site's certificate and accepting only the peer
/// site's own (so a link is keyed by the site as well as the endpoint).</param>
public sealed class PeerLinkPool(Control.AgentTls? tls = null) : IDisposable
{
    private readonly ConcurrentDictionary<(string Site, Uri Endpoint, bool Http2), PeerLink> _links = new();

    internal PeerLink For(string site, Uri endpoint, bool useHttp2) =>
        _links.GetOrAdd((site, endpoint, useHttp2), key => new PeerLink(key.Endpoint, key.Http2, tls?.ClientOptions(key.Site)));

    public void Dispose()
    {
        foreach (PeerLink link in _links.Values)
        {
            link.Dispose();
        }
        _links.Clear();
    }
}
