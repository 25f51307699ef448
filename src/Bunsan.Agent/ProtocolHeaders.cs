namespace Bunsan.Agent;

/// <summary>The invocation protocol's header names (DESIGN.md, "Request protocol").</summary>
public static class ProtocolHeaders
{
    /// <summary>Request: the remaining budget in milliseconds (default: the function's latency class).</summary>
    public const string DeadlineMs = "Bunsan-Deadline-Ms";

    /// <summary>Request: where the invocation comes from, "lat,lon[,alt]" or a spatial ID "z/f/x/y" (default: the receiving site).</summary>
    public const string Origin = "Bunsan-Origin";

    /// <summary>
    /// Request between agents: the id of the gateway that forwarded it. Its presence means "execute here, never
    /// forward again" (one hop at most, so two gateways can never bounce a request), and its value tells the
    /// executor which link the answer travels back over, so admission reserves that trip.
    /// </summary>
    public const string ForwardedBy = "Bunsan-Forwarded-By";

    /// <summary>
    /// Request, honoured only by agents started with <c>--emulate-exec</c>: the execution time (ms) to emulate for this
    /// invocation instead of a draw from the function's spec. `bunsan demo` sends the simulator's draw, so every
    /// strategy runs the same requests for the same times. Forwarded with the request; other agents ignore it.
    /// </summary>
    public const string EmulatedExecMs = "Bunsan-Emulated-Exec-Ms";

    /// <summary>Response: the site that executed (or, on a deadline error, answered) the invocation.</summary>
    public const string Site = "Bunsan-Site";

    /// <summary>Response: milliseconds the invocation waited in the executing site's queue (predicted wait on a rejection).</summary>
    public const string QueueMs = "Bunsan-Queue-Ms";

    /// <summary>Response: milliseconds the function ran.</summary>
    public const string ExecMs = "Bunsan-Exec-Ms";

    /// <summary>Response with 503: why the site refused, "admission" (the deadline would be missed there), "busy" or "module".</summary>
    public const string Reject = "Bunsan-Reject";

    /// <summary>
    /// Response to a forwarded request: the HTTP version it arrived over ("HTTP/2" or "HTTP/1.1"), relayed by the
    /// gateway to its caller, so an operator (and the tests) can see which transport a hop used.
    /// </summary>
    public const string PeerProtocol = "Bunsan-Peer-Protocol";

    /// <summary>Response of <c>GET /v1/health</c>: the port of the agent's HTTP/2-only peer listener (see <see cref="PeerAddress"/>).</summary>
    public const string PeerPort = "Bunsan-Peer-Port";
}
