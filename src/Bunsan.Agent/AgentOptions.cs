namespace Bunsan.Agent;

/// <summary>How one agent runs; validated by <see cref="AgentHost.Start"/> before anything listens.</summary>
public sealed class AgentOptions
{
    /// <summary>1 MiB, the executor's default input limit: a larger body is refused with 413 before it is read whole.</summary>
    public const int DefaultMaxBodyBytes = 1 << 20;

    /// <summary>The topology file every agent of the federation shares.</summary>
    public required string TopologyPath { get; init; }

    /// <summary>The function catalog every agent shares; modules are resolved relative to its folder.</summary>
    public required string FunctionsPath { get; init; }

    /// <summary>This agent's site id in the topology.</summary>
    public required string SiteId { get; init; }

    /// <summary>Port to listen on; default the port of the site's endpoint in the topology. Range 1–65535.</summary>
    public int? Port { get; init; }

    /// <summary>Where the module store lives; default a folder per site under the temporary directory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Request bodies above this are refused with 413. Default 1 MiB; range 0 – 64 MiB.</summary>
    public int MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Cores lent to invocations; default the site's capacity, at most the sandbox's 64 instance slots.</summary>
    public int? Cores { get; init; }

    /// <summary>How forwards are delayed: <see cref="NoLinkDelay"/> on a real network, an emulated wide-area delay line otherwise.</summary>
    public ILinkDelay LinkDelay { get; init; } = NoLinkDelay.Instance;

    /// <summary>
    /// Port of the HTTP/2-only listener peers forward to; default 0, a free port the OS picks, which health answers
    /// advertise (<see cref="PeerAddress"/>). Range 0–65535, not <see cref="Port"/>.
    /// </summary>
    public int PeerPort { get; init; }

    /// <summary>
    /// HTTP version of forwards to peers: 1.1 keep-alive by default, or 2.0 (h2c to the peer listener, 1.1 where it is
    /// unreachable; see <see cref="PeerClients"/>). 1.1 by default because it is measured faster here: a forward cost
    /// 0.89× a YARP hop over HTTP/1.1 and 2.13× over HTTP/2 (BENCHMARKS.md §8); HTTP/2 saves connections, not time.
    /// </summary>
    public Version PeerProtocol { get; init; } = System.Net.HttpVersion.Version11;
}
