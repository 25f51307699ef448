using System.Globalization;
using System.Net.Http.Headers;

namespace Bunsan.Agent;

/// <summary>
/// The one rule by which a gateway learns where a peer takes forwards over HTTP/2: every agent's <c>GET /v1/health</c>
/// answers <see cref="ProtocolHeaders.PeerPort"/>, the port of its HTTP/2-only peer listener, on the host of the site's
/// endpoint. A header rather than "client port + 1" because that rule collides with neighbours on consecutive ports
/// (examples/federation gives its sites 7101–7104) and cannot follow <c>--peer-port</c>. The control plane (issue 4)
/// will carry the peer endpoint in the site record; only this class then changes.
/// </summary>
public static class PeerAddress
{
    /// <summary>The peer listener's base address from a health answer; null when the peer advertises none (an older agent).</summary>
    public static Uri? FromHealth(Uri endpoint, HttpResponseHeaders health)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(health);
        if (!health.TryGetValues(ProtocolHeaders.PeerPort, out IEnumerable<string>? values)
            || !int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535)
        {
            return null;
        }
        // The endpoint's scheme: an agent in production mode serves TLS on both listeners.
        return new UriBuilder(endpoint.Scheme, endpoint.Host, port, "/").Uri;
    }

    /// <summary>What a health answer advertises.</summary>
    public static string Advertise(int peerPort) => peerPort.ToString(CultureInfo.InvariantCulture);
}
