using System.Collections.Immutable;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Placement;
using Bunsan.Placement.Demand;
using Bunsan.Placement.Pipeline;

namespace Bunsan.ControlPlane.Plans;

/// <summary>Where one function runs after a replan, and why it moved or stayed.</summary>
public sealed record PlannerOutcome(FunctionSpec Spec, ImmutableArray<string> ReplicaSites, string Why);

/// <summary>
/// Places every function on a live snapshot, tightest budget first (they have the fewest sites to choose
/// from), with hysteresis: a function keeps its current replicas while each still passes every filter
/// (health, residency, capacity, deadline) and together they serve in time as many demand points as the
/// fresh placement would. Only then does it move, so load wobble and a better-by-a-hair score never make
/// placements flap. Pure: no grains, no clock.
/// </summary>
public sealed class Planner(ILatencyModel latency, PlacementPipeline? pipeline = null)
{
    /// <summary>"cap": the site passed every filter, and only the replica count (nearer sites already serving) left it out.</summary>
    private const string CapStage = "cap";

    // Every site gets a verdict, so a current replica is always judged, even one the search did not reach.
    private readonly PlacementPipeline _pipeline = pipeline ?? new PlacementPipeline(new PlacementOptions { ExplainEverySite = true });

    public ImmutableArray<PlannerOutcome> Plan(
        LiveTopology live,
        IEnumerable<FunctionSpec> functions,
        IReadOnlyDictionary<string, string[]> current)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(current);
        PlacementContext context = live.ToPlacementContext(latency);
        ImmutableArray<DemandPoint> demand = SiteDemand.OnePointPerSite(live.Topology);
        var outcomes = ImmutableArray.CreateBuilder<PlannerOutcome>();
        foreach (FunctionSpec spec in functions.OrderBy(f => f.Class.BudgetMs).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            PlacementDecision fresh = _pipeline.Place(context, new PlacementRequest(spec, demand));
            ImmutableArray<int> freshSites = [.. fresh.Replicas.Select(r => r.SiteIndex)];
            current.TryGetValue(spec.Name, out string[]? kept);
            outcomes.Add(Choose(spec, fresh, freshSites, kept, context, demand));
        }
        return outcomes.ToImmutable();
    }

    private PlannerOutcome Choose(FunctionSpec spec, PlacementDecision fresh, ImmutableArray<int> freshSites, string[]? currentIds,
        PlacementContext context, ImmutableArray<DemandPoint> demand)
    {
        ImmutableArray<string> freshIds = [.. fresh.Replicas.Select(r => r.SiteId)];
        if (currentIds is null || currentIds.Length == 0)
        {
            return new(spec, freshIds, "placed");
        }
        if (freshSites.IsEmpty)
        {
            // Agents keep routing around dead replicas themselves; an empty plan would only stop the live ones.
            return new(spec, [.. currentIds], "kept: no site can host it now");
        }
        string? reason = WhyMove(spec, fresh, currentIds, freshSites, context, demand);
        return reason is null ? new(spec, [.. currentIds], "kept") : new(spec, freshIds, reason);
    }

    /// <summary>Why the current replicas must give way to the fresh ones, or null to keep them.</summary>
    private string? WhyMove(FunctionSpec spec, PlacementDecision fresh, string[] currentIds, ImmutableArray<int> freshSites,
        PlacementContext context, ImmutableArray<DemandPoint> demand)
    {
        if (currentIds.Length < Math.Max(1, spec.MinReplicas) || currentIds.Length > spec.MaxReplicas)
        {
            return $"moved: {currentIds.Length} replica(s) is outside min {spec.MinReplicas}, max {spec.MaxReplicas}";
        }
        var passed = fresh.Verdicts.Where(v => v.Kept || v.Stage == CapStage).Select(v => v.SiteIndex).ToHashSet();
        var currentSites = new int[currentIds.Length];
        for (int i = 0; i < currentIds.Length; i++)
        {
            currentSites[i] = context.Topology.IndexOf(currentIds[i]);
            if (currentSites[i] < 0 || !passed.Contains(currentSites[i]))
            {
                string verdict = fresh.Verdicts.FirstOrDefault(v => v.SiteIndex == currentSites[i])?.Reason ?? "it left the federation or is out of reach";
                return $"moved: replica {currentIds[i]} no longer qualifies ({verdict})";
            }
        }
        int servedNow = ServedInTime(spec, currentSites, context, demand);
        int servedFresh = ServedInTime(spec, freshSites.AsSpan(), context, demand);
        return servedFresh > servedNow
            ? $"moved: the new replicas serve {servedFresh} of {demand.Length} demand points in time, the current ones {servedNow}"
            : null;
    }

    /// <summary>Demand points some replica answers within the budget (RTT + p99 execution); all of them for batch.</summary>
    private int ServedInTime(FunctionSpec spec, ReadOnlySpan<int> replicas, PlacementContext context, ImmutableArray<DemandPoint> demand)
    {
        if (!spec.Class.HasDeadline)
        {
            return replicas.IsEmpty ? 0 : demand.Length;
        }
        int served = 0;
        foreach (DemandPoint point in demand)
        {
            foreach (int site in replicas)
            {
                if (latency.RttMs(point.Origin, context.Topology.Sites[site].Location) + spec.Execution.P99Ms <= spec.Class.BudgetMs)
                {
                    served++;
                    break;
                }
            }
        }
        return served;
    }
}
