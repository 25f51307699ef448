using Bunsan.Core.Sites;

namespace Bunsan.Agent.Control;

/// <summary>An agent that joins a federation run by a control plane (`bunsan agent --control URL ...`).</summary>
public sealed class ControlledAgentOptions
{
    /// <summary>The control plane's HTTP API; the agent asks it (GET /v1/info) where the gRPC agent service is.</summary>
    public required Uri ControlUrl { get; init; }

    /// <summary>A join token (or an admin token).</summary>
    public required string Token { get; init; }

    /// <summary>This site as it registers: id, place, tier, jurisdiction, failure domains, capacity, energy; its endpoint is where peers reach this agent.</summary>
    public required Site Site { get; init; }

    /// <summary>Client port (1–65535).</summary>
    public required int Port { get; init; }

    /// <summary>HTTP/2-only peer port; 0 picks a free one.</summary>
    public int PeerPort { get; init; }

    /// <summary>Module store and the last desired state (kept so a restart serves without the control plane).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Cores lent to invocations; default the site's capacity, at most the sandbox's instance slots.</summary>
    public int? Cores { get; init; }

    public GatewayMode Mode { get; init; } = GatewayMode.Bunsan;

    /// <summary>HTTP version of forwards to peers (see <see cref="AgentOptions.PeerProtocol"/>).</summary>
    public Version PeerProtocol { get; init; } = System.Net.HttpVersion.Version11;

    public ILinkDelay LinkDelay { get; init; } = NoLinkDelay.Instance;

    /// <summary>Non-null: emulate each invocation's execution time from its spec (see <see cref="ExecutionEmulation"/>).</summary>
    public ExecutionEmulation? ExecutionEmulation { get; init; }

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    public int MaxBodyBytes { get; init; } = AgentOptions.DefaultMaxBodyBytes;

    /// <summary>Where the agent reports what it does (joins, plans applied, lost contact); the CLI passes stderr.</summary>
    public Action<string> Log { get; init; } = _ => { };
}
