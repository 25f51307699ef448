namespace Bunsan.Emulation.Load;

/// <summary>What became of one planned request.</summary>
public enum RequestOutcomeKind
{
    /// <summary>Not sent: the run ended (cancelled) before its time.</summary>
    NotSent,

    /// <summary>A 2xx answer; a hit when it came back within the class budget.</summary>
    Answered,

    /// <summary>HTTP 503: the federation said no site could make the deadline (or none could take it).</summary>
    Rejected,

    /// <summary>Any other status, a broken connection, or no answer within the request timeout.</summary>
    Failed,

    /// <summary>
    /// Not sent: the budget was spent before the request reached its gateway — by the modelled origin → gateway leg
    /// (origins far from every agent) or by this client sending late (an overloaded load-generating machine).
    /// </summary>
    Expired,

    /// <summary>Not sent: the load generator already had its maximum of requests in flight.</summary>
    ClientOverloaded,
}

/// <summary>
/// One request's fate. <paramref name="LatencyMs"/> runs from the moment the origin issued it (its planned time, so
/// a late send counts against it: no coordinated omission) to the moment the answer is back at the origin, emulated
/// legs included. <paramref name="Site"/> is the answer's <c>Bunsan-Site</c>; <paramref name="Error"/> says why a
/// request failed, e.g. "http_404", "connection", "timeout", or, for a refusal, the federation's reason. <paramref name="QueueMs"/> and <paramref name="ExecMs"/> are
/// what the serving site reported (<c>Bunsan-Queue-Ms</c>, <c>Bunsan-Exec-Ms</c>), so that a run's latency can be
/// split into the emulated network, the site's work and the rest (the machine's own overhead).
/// </summary>
public readonly record struct RequestOutcome(
    RequestOutcomeKind Kind, double LatencyMs = 0, string? Site = null, string? Error = null, double? QueueMs = null, double? ExecMs = null);
