namespace Bunsan.ControlPlane.Plans;

/// <summary>
/// What the plan grain stores: the version and each function's replicas. Durable so that a restarted
/// control plane hands agents the placements they already serve, and replans from them (hysteresis)
/// instead of from nothing.
/// </summary>
[GenerateSerializer, Alias("bunsan.plan-state")]
public sealed class PlanState
{
    [Id(0)]
    public long Version { get; set; }

    /// <summary>Replica site ids by function name.</summary>
    [Id(1)]
    public Dictionary<string, string[]> Replicas { get; set; } = new(StringComparer.Ordinal);
}
