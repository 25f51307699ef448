using System.Net;
using Bunsan.Executor;

namespace Bunsan.Agent;

/// <summary>
/// What an agent pays once at start so that no caller pays it: measured before this existed, the first request after
/// start took ~290 ms and missed a 100 ms budget with a 503 (JIT of the executor, Kestrel and client paths, and the
/// peer connections). Nothing here touches the gateway's <see cref="Bunsan.Placement.Routing.SiteLoadEstimates"/> or
/// the site's <see cref="CorePool"/>: cold timings would teach gateways a slowdown that is gone a second later.
/// </summary>
internal static class AgentWarmUp
{
    /// <summary>Enough fuel to instantiate and enter a module, far too little for a runaway one to cost anything.</summary>
    private static readonly ExecutionLimits Probe = new() { Fuel = 10_000 };

    /// <summary>
    /// JIT-compiles the executor's path with the built-in echo (measured: echo's first Bunsan-Exec-Ms was 93 ms, later
    /// ones ~0.05 ms), then instantiates each hosted module once; their outcomes (often a CPU-limit or ABI error on an
    /// empty input) do not matter, only that instantiation is no longer cold.
    /// </summary>
    public static void Executor(ModuleStore modules, FunctionExecutor executor, IEnumerable<ModuleDigest> hosted)
    {
        ModuleLoadResult echo = modules.AddText(ExampleFunctions.Echo);
        if (echo.Succeeded)
        {
            executor.Invoke(echo.Digest!.Value, "warm"u8, ExecutionLimits.Default);
        }
        foreach (ModuleDigest digest in hosted)
        {
            executor.Invoke(digest, [], Probe);
        }
    }

    /// <summary>
    /// Opens a connection to every peer already up (HTTP/2 where its peer listener answers; see <see cref="PeerLink"/>)
    /// and sends this agent's own listeners one health check each, over HTTP/1.1 and HTTP/2, so Kestrel's request paths
    /// for clients and peers are compiled; then runs the gateway's own path once on a <paramref name="throwaway"/> gateway
    /// (<see cref="Gateway.WarmUpAsync"/>). Peers not up yet are warmed later, in the background.
    /// </summary>
    /// <param name="tls">Production mode: the listeners speak TLS, and this agent calls them as a site of the federation.</param>
    public static async Task GatewayAsync(int port, int peerPort, PeerClients peers, Func<Gateway> throwaway, CancellationToken cancellationToken,
        (Control.AgentTls Tls, string Site)? tls = null)
    {
        Task warmingPeers = peers.WarmOnceAsync(cancellationToken);
        var handler = new SocketsHttpHandler { UseProxy = false };
        if (tls is var (credentials, site))
        {
            handler.SslOptions = credentials.ClientOptions(site);
        }
        using var self = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        string scheme = tls is null ? "http" : "https";
        foreach ((int selfPort, Version version) in new[] { (port, HttpVersion.Version11), (peerPort, HttpVersion.Version20) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{scheme}://127.0.0.1:{selfPort}/v1/health"))
            {
                Version = version,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            try
            {
                using HttpResponseMessage _ = await self.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // A firewall between this process and its own ports: the warm-up is lost, the agent still works.
            }
        }
        await warmingPeers.ConfigureAwait(false);
        await throwaway().WarmUpAsync(peers.AnyWarm(), cancellationToken).ConfigureAwait(false);
    }
}
