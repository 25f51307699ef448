using System.Collections.Concurrent;

namespace Bunsan.Agent;

/// <summary>
/// The peer links of an agent whose plan changes while it runs: one per peer endpoint, kept across plans so a new
/// routing table never reopens connections that are already warm. Disposing the pool closes them all.
/// </summary>
public sealed class PeerLinkPool : IDisposable
{
    private readonly ConcurrentDictionary<(Uri Endpoint, bool Http2), PeerLink> _links = new();

    internal PeerLink For(Uri endpoint, bool useHttp2) => _links.GetOrAdd((endpoint, useHttp2), key => new PeerLink(key.Endpoint, key.Http2));

    public void Dispose()
    {
        foreach (PeerLink link in _links.Values)
        {
            link.Dispose();
        }
        _links.Clear();
    }
}
