using System.Collections.Immutable;
using Bunsan.ControlPlane.Functions;
using Bunsan.ControlPlane.Ledger;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bunsan.ControlPlane.Plans;

/// <inheritdoc cref="IPlanGrain"/>
[GrainType("federation-plan")]
public sealed partial class PlanGrain(
    [PersistentState("plan")] IPersistentState<PlanState> state,
    PlanBroadcaster broadcaster,
    LiveSiteTable sites,
    ControlPlaneClock clock,
    IOptions<SiteHealthOptions> healthOptions,
    ILedgerWriter ledger,
    ILogger<PlanGrain> logger) : Grain, IPlanGrain
{
    private readonly Planner _planner = new(FittedLatencyModel.Default);
    private FederationPlan? _published;
    private PlanBasis? _basis;
    private DateTimeOffset _activatedAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The start-up grace below counts from a complete table: before it, sites not yet read back from storage
        // would be missing from the plan, not merely silent.
        await sites.EnsureLoadedAsync();
        _activatedAt = clock.UtcNow;
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<FederationPlan> Replan()
    {
        ImmutableArray<FunctionSpec> functions = await DeployedFunctions();
        (LiveTopology live, PlanInputs inputs) = await InputsNow(functions);
        if (_published is not null && inputs.SameAs(_basis?.Inputs))
        {
            return _published;
        }
        bool starting = clock.UtcNow - _activatedAt < healthOptions.Value.HealthyWithin;
        (LiveTopology plannedOn, ImmutableArray<PlannerOutcome> outcomes) = starting
            ? (live, [.. _planner.Plan(live, functions, state.State.Replicas).Select(KeepStoredReplicas)])
            : PlaceChanged(live, inputs, functions);
        var candidate = new FederationPlan(
            state.State.Version + 1,
            clock.UtcNow,
            plannedOn.Topology.Sites,
            [.. outcomes.Select(o => new PlannedFunction(o.Spec, o.ReplicaSites))]);
        // Inputs seen while starting are not remembered: the first replan after the grace must really run.
        // Placed on the basis's snapshot: its band stays the one to compare against (the inputs read now are not).
        PlanBasis? basis = starting ? null : new PlanBasis(plannedOn, ReferenceEquals(plannedOn, _basis?.Live) ? _basis!.Inputs with { Functions = functions } : inputs, outcomes);
        if (_published is not null && candidate.SameAs(_published))
        {
            _basis = basis;
            return _published;
        }
        foreach (PlannerOutcome outcome in outcomes.Where(o => o.Why.StartsWith("moved", StringComparison.Ordinal)))
        {
            LogMoved(outcome.Spec.Name, outcome.ReplicaSites, outcome.Why);
        }
        Dictionary<string, string[]> before = state.State.Replicas;
        await Store(candidate.Version, outcomes.ToDictionary(o => o.Spec.Name, o => o.ReplicaSites.ToArray(), StringComparer.Ordinal));
        // Remembered only once stored: after a failed write the next beat must replan, not find its inputs unchanged.
        _basis = basis;
        await ledger.PlacementsChanged(before, outcomes, candidate.Version);
        _published = candidate;
        broadcaster.Publish(candidate);
        LogPlanChanged(candidate.Version, candidate.Sites.Length, candidate.Functions.Length);
        return candidate;
    }

    /// <summary>
    /// The federation and the plan's inputs now. While the sites are the ones the basis was placed on, the load is read
    /// from the table without a snapshot and the basis's snapshot stands in for one: placement would only use it
    /// anyway (<see cref="PlaceChanged"/>), and when the load moved past the band a snapshot is taken after all.
    /// </summary>
    private async Task<(LiveTopology Live, PlanInputs Inputs)> InputsNow(ImmutableArray<FunctionSpec> functions)
    {
        if (_basis is { } last && sites.LoadIfSameSites(last.Live.Topology) is { } load)
        {
            var quick = new PlanInputs(last.Live.Topology.Sites, load, functions);
            if (quick.SameSitesAs(last.Inputs))
            {
                return (last.Live, quick);
            }
        }
        LiveTopology live = await sites.CaptureAsync();
        return (live, new PlanInputs(live, functions));
    }

    /// <summary>
    /// Every function placed on <paramref name="live"/>; or, while the federation is as the last plan saw it, only the
    /// new or changed ones, on that plan's snapshot, the rest kept (<see cref="PlanBasis"/>).
    /// </summary>
    private (LiveTopology PlannedOn, ImmutableArray<PlannerOutcome> Outcomes) PlaceChanged(LiveTopology live, PlanInputs inputs, ImmutableArray<FunctionSpec> functions)
    {
        if (_basis is null || !inputs.SameSitesAs(_basis.Inputs))
        {
            return (live, _planner.Plan(live, functions, state.State.Replicas));
        }
        PlanBasis basis = _basis;
        var kept = functions.Select(basis.Unchanged).OfType<PlannerOutcome>().ToList();
        ImmutableArray<PlannerOutcome> placed = _planner.Plan(basis.Live, functions.Where(f => basis.Unchanged(f) is null), state.State.Replicas);
        return (basis.Live, Planner.InPlacementOrder(kept.Concat(placed)));
    }

    /// <summary>
    /// Right after a (re)start every site looks down until its first heartbeat, and the ones heard first
    /// would win every placement: until a heartbeat interval has passed, stored placements stand.
    /// </summary>
    private PlannerOutcome KeepStoredReplicas(PlannerOutcome outcome) =>
        state.State.Replicas.TryGetValue(outcome.Spec.Name, out string[]? stored) && stored.Length > 0
            ? outcome with { ReplicaSites = [.. stored], Why = "kept: the control plane just started" }
            : outcome;

    public async Task<FederationPlan> Current() => _published ?? await Replan();

    /// <summary>Writes version and replicas together; memory rolls back when the write fails.</summary>
    private async Task Store(long version, Dictionary<string, string[]> replicas)
    {
        (long oldVersion, Dictionary<string, string[]> oldReplicas) = (state.State.Version, state.State.Replicas);
        state.State.Version = version;
        state.State.Replicas = replicas;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Version = oldVersion;
            state.State.Replicas = oldReplicas;
            throw;
        }
    }

    private async Task<ImmutableArray<FunctionSpec>> DeployedFunctions()
    {
        ImmutableArray<string> names = await GrainFactory.FunctionCatalog().List();
        FunctionDeployment?[] deployments = await Task.WhenAll(names.Select(name => GrainFactory.Function(name).GetDeployment()));
        return [.. deployments.OfType<FunctionDeployment>().Select(d => d.Spec)];
    }

    [LoggerMessage(EventId = ControlPlaneEventIds.PlanChanged, Level = LogLevel.Information, Message = "Plan {Version}: {Sites} sites, {Functions} functions")]
    private partial void LogPlanChanged(long version, int sites, int functions);

    [LoggerMessage(EventId = ControlPlaneEventIds.FunctionMoved, Level = LogLevel.Information, Message = "Function {Function} now on {Replicas}: {Why}")]
    private partial void LogMoved(string function, ImmutableArray<string> replicas, string why);
}
