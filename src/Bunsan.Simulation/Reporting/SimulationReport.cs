using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Bunsan.Simulation.Reporting;

/// <summary>
/// One strategy's results for one latency class. Percentiles are over answered requests only
/// (rejected requests have no latency); they are null when nothing was answered.
/// <c>Infeasible</c> counts requests no allowed site could have answered in time even idle (the same
/// for every strategy); <c>HitFeasiblePct</c> is the hit rate among the others.
/// </summary>
public sealed record ClassResult(
    string Class,
    double? DeadlineMs,
    long Requests,
    long Infeasible,
    long Hits,
    long Late,
    long Rejected,
    long RejectedFeasible,
    double HitPct,
    double HitFeasiblePct,
    double RejectedPct,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P50Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P95Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P99Ms);

/// <summary>One strategy's results: per class, plus energy (compute + network) and network traffic.</summary>
public sealed record StrategyResult(
    string Name,
    ImmutableArray<ClassResult> Classes,
    double EnergyKwh,
    double ComputeEnergyKwh,
    double NetworkEnergyKwh,
    double NetworkGbKm,
    long Requests,
    int Replicas);

/// <summary>What a run compared, and how it was set up.</summary>
public sealed record SimulationReport(
    string Topology,
    int Sites,
    int Functions,
    long Requests,
    double DurationMinutes,
    int Seed,
    ImmutableArray<StrategyResult> Strategies);
