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
/// Places every function on a live snapshot, each independently of the others (outcomes listed tightest budget
/// first, then by name), with hysteresis: a function keeps its current replicas while each still passes every filter
/// (health, residency, capacity, deadline) as it would idle, and together they serve in time as many demand
/// points as the fresh placement would. Only then does it move, so load wobble and a better-by-a-hair score
/// never make placements flap. Load is judged idle for the replicas in place because moving a replica away from
/// a busy site does not move the demand that made it busy: routing spills the excess to other replicas, and
/// admission refuses what none can answer in time (measured in `bunsan demo` before this: plans changed every
/// few seconds under emulated load, each change reloading modules and resetting what gateways had learnt).
/// Latency-critical functions also run where their requests enter (<see cref="IngressReplicas"/>). Pure: no grains, no clock.
/// </summary>
public sealed partial class Planner(ILatencyModel latency, PlacementPipeline? pipeline = null)
{
    private readonly PlacementPipeline _pipeline = pipeline ?? new PlacementPipeline();

    public ImmutableArray<PlannerOutcome> Plan(
        LiveTopology live,
        IEnumerable<FunctionSpec> functions,
        IReadOnlyDictionary<string, string[]> current)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(current);
        PlacementContext context = live.ToPlacementContext(latency);
        ImmutableArray<DemandPoint> demand = SiteDemand.PooledBySite(live.Topology);
        var outcomes = new List<PlannerOutcome>();
        foreach (FunctionSpec spec in functions)
        {
            var request = new PlacementRequest(spec, demand);
            PlacementDecision fresh = _pipeline.Place(context, request);
            current.TryGetValue(spec.Name, out string[]? kept);
            PlannerOutcome outcome = Choose(request, fresh, kept, context);
            outcomes.Add(IngressReplicas.Applies(spec) ? WithIngressReplicas(outcome, request, fresh, live, context) : outcome);
        }
        return InPlacementOrder(outcomes);
    }

    /// <summary>Outcomes in the order <see cref="Plan"/> gives them: tightest budget first, then by name.</summary>
    public static ImmutableArray<PlannerOutcome> InPlacementOrder(IEnumerable<PlannerOutcome> outcomes) =>
        [.. outcomes.OrderBy(o => o.Spec.Class.BudgetMs).ThenBy(o => o.Spec.Name, StringComparer.Ordinal)];

    private PlannerOutcome Choose(PlacementRequest request, PlacementDecision fresh, string[]? currentIds, PlacementContext context)
    {
        FunctionSpec spec = request.Function;
        ImmutableArray<string> freshIds = [.. fresh.Replicas.Select(r => r.SiteId)];
        if (currentIds is null || currentIds.Length == 0)
        {
            return new(spec, freshIds, "placed");
        }
        if (fresh.Replicas.IsEmpty)
        {
            // Agents keep routing around dead replicas themselves; an empty plan would only stop the live ones.
            return new(spec, [.. currentIds], "kept: no site can host it now");
        }
        string? reason = WhyMove(request, fresh, currentIds, context);
        return reason is null ? new(spec, [.. currentIds], "kept") : new(spec, freshIds, reason);
    }

    /// <summary>Why the current replicas must give way to the fresh ones, or null to keep them.</summary>
    private string? WhyMove(PlacementRequest request, PlacementDecision fresh, string[] currentIds, PlacementContext context)
    {
        FunctionSpec spec = request.Function;
        if (currentIds.Length < Math.Max(1, spec.MinReplicas) || currentIds.Length > spec.MaxReplicas)
        {
            return $"moved: {currentIds.Length} replica(s) is outside min {spec.MinReplicas}, max {spec.MaxReplicas}";
        }
        var currentSites = new int[currentIds.Length];
        PlacementContext idle = context with { SiteUtilisation = [] };
        for (int i = 0; i < currentIds.Length; i++)
        {
            currentSites[i] = context.Topology.IndexOf(currentIds[i]);
            string? rejection = currentSites[i] < 0 ? "it left the federation" : _pipeline.RejectionOf(idle, request, currentSites[i]);
            if (rejection is not null)
            {
                return $"moved: replica {currentIds[i]} no longer qualifies ({rejection})";
            }
        }
        int servedNow = ServedInTime(spec, currentSites, context, request.Demand);
        int servedFresh = ServedInTime(spec, [.. fresh.Replicas.Select(r => r.SiteIndex)], context, request.Demand);
        return servedFresh > servedNow
            ? $"moved: the new replicas serve {servedFresh} of {request.Demand.Length} demand points in time, the current ones {servedNow}"
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
