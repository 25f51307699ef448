namespace Bunsan.Simulation.Engine;

/// <summary>What happens at an event's time.</summary>
internal enum SimEventKind : byte
{
    /// <summary>A request reaches a site; the executor admits, queues or rejects it.</summary>
    ArriveAtSite,

    /// <summary>An invocation finishes at a site and frees its cores.</summary>
    Complete,

    /// <summary>A site's rejection reaches the gateway, which tries the next candidate.</summary>
    RejectionAtGateway,

    /// <summary>The answer reaches the gateway (at the origin): the request is done.</summary>
    ResponseAtGateway,
}

/// <summary>
/// One scheduled event, 24 bytes. Ties in time are broken by <see cref="Sequence"/> (the order in
/// which events were scheduled), so a run is a pure function of its inputs and seed.
/// </summary>
internal readonly record struct SimEvent(double TimeMs, long Sequence, int Slot, SimEventKind Kind);
