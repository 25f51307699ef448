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

    /// <summary>Response: the site that executed (or, on a deadline error, answered) the invocation.</summary>
    public const string Site = "Bunsan-Site";

    /// <summary>Response: milliseconds the invocation waited in the executing site's queue (predicted wait on a rejection).</summary>
    public const string QueueMs = "Bunsan-Queue-Ms";

    /// <summary>Response: milliseconds the function ran.</summary>
    public const string ExecMs = "Bunsan-Exec-Ms";

    /// <summary>Response with 503: why the site refused, "admission" (the deadline would be missed there), "busy" or "module".</summary>
    public const string Reject = "Bunsan-Reject";
}
