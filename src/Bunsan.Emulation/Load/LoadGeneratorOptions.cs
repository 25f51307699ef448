namespace Bunsan.Emulation.Load;

/// <summary>How the load generator sends. Validated when a <see cref="LoadGenerator"/> is made.</summary>
public sealed class LoadGeneratorOptions
{
    /// <summary>
    /// Most requests outstanding at once (1 to 1,000,000; default 4,096). The generator is open-loop: it sends at
    /// the trace's times whatever the answers, so a stalled federation would otherwise grow sockets without bound;
    /// an arrival over the limit is not sent and counts as <see cref="RequestOutcomeKind.ClientOverloaded"/>.
    /// </summary>
    public int MaxInFlight { get; init; } = 4096;

    /// <summary>Delay each origin → gateway leg and its reply by the modelled one-way latency (default off).</summary>
    public bool EmulateWan { get; init; }

    /// <summary>A request with no answer after this long fails as "timeout" (default 30 s; 1 ms to 1 h).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Send each request's execution time as drawn by the simulator (<c>Bunsan-Emulated-Exec-Ms</c>), for agents
    /// that emulate execution (default off): every strategy then runs the same requests for the same times.
    /// </summary>
    public bool SendExecTime { get; init; }

    /// <summary>
    /// When a gateway refuses the connection (its agent is down), turn to the origin's next-nearest gateway within the
    /// same budget, as a client with a list of gateways does — at most <see cref="MaxGatewayAttempts"/> attempts per
    /// request (default off: a refused connection fails the request). The failed attempt costs the emulated round trip
    /// to the dead gateway, and for <see cref="RefusalMemory"/> every request skips a gateway that refused one.
    /// </summary>
    public bool GatewayFailover { get; init; }

    /// <summary>Enough to leave a region whose three nearest gateways all died.</summary>
    public const int MaxGatewayAttempts = 5;

    public static readonly TimeSpan RefusalMemory = TimeSpan.FromSeconds(5);

    /// <summary>The bytes every invocation carries (default none).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Times the sends and the emulated legs; default <see cref="DelayLine.Shared"/>.</summary>
    public DelayLine? DelayLine { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInFlight, 1, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxInFlight, 1_000_000, nameof(MaxInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(RequestTimeout, TimeSpan.FromMilliseconds(1), nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RequestTimeout, TimeSpan.FromHours(1), nameof(RequestTimeout));
    }
}
