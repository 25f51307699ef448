using System.Collections.Concurrent;

namespace Bunsan.ControlPlane.Security;

/// <summary>
/// The control plane's HTTP clients to agents (site data API, job attempts). Without TLS one pooled client serves
/// every site; in production mode each site gets its own, presenting this silo's certificate and accepting only that
/// site's certificate from the CA: the handshake, not the address, says which site answered.
/// </summary>
public sealed class SiteConnections(ControlPlaneTls? tls) : IDisposable
{
    private readonly HttpClient _plain = Create(null);
    private readonly ConcurrentDictionary<string, Lazy<HttpClient>> _bySite = new(StringComparer.Ordinal);

    public HttpClient For(string siteId) =>
        tls is null ? _plain : _bySite.GetOrAdd(siteId, site => new Lazy<HttpClient>(() => Create(tls.ClientOptionsFor(site)))).Value;

    private static HttpClient Create(System.Net.Security.SslClientAuthenticationOptions? ssl)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
        if (ssl is not null)
        {
            handler.SslOptions = ssl;
        }
        // Each call carries its own cancellation (a lease, a fragment's timeout); a blanket timeout would cut them short.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose()
    {
        _plain.Dispose();
        foreach (Lazy<HttpClient> client in _bySite.Values.Where(lazy => lazy.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
