namespace Bunsan.Agent;

/// <summary>
/// Delays a message on a link between two agents by the link's modelled one-way latency: the seam where an
/// emulated wide-area network plugs in (`bunsan agent --emulate-wan`). The gateway calls it before each
/// forward and again when the reply arrives, so an emulated hop costs its modelled round trip.
/// </summary>
public interface ILinkDelay
{
    /// <summary>True when the delay is real (emulated); the agent's banner says so.</summary>
    bool Emulated { get; }

    ValueTask DelayAsync(TimeSpan oneWay, CancellationToken cancellationToken);
}

/// <summary>A real network: the link is as slow as it is, so nothing is added.</summary>
public sealed class NoLinkDelay : ILinkDelay
{
    public static NoLinkDelay Instance { get; } = new();

    public bool Emulated => false;

    public ValueTask DelayAsync(TimeSpan oneWay, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>An emulated wide-area link: delays through a precise delay line, given as its DelayAsync method.</summary>
public sealed class EmulatedLinkDelay(Func<TimeSpan, CancellationToken, ValueTask> delay) : ILinkDelay
{
    public bool Emulated => true;

    public ValueTask DelayAsync(TimeSpan oneWay, CancellationToken cancellationToken) => delay(oneWay, cancellationToken);
}
