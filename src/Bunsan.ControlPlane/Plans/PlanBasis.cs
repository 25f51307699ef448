using System.Collections.Immutable;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Plans;

/// <summary>
/// What the published plan was made from: the snapshot, its inputs, and each function's outcome. While the federation
/// stays the same (<see cref="PlanInputs.SameSitesAs"/>), a replan places only the functions deployed or changed since,
/// on this same snapshot, and keeps the others' outcomes: a deploy then costs one placement instead of one per deployed
/// function (bench control-plane-scale, 10,000 sites: 15–35 ms for each function it no longer places again). Placing on
/// the old snapshot, not the new one, keeps the whole plan a function of one snapshot, so the band the beat compares
/// against is the one every outcome was placed from.
/// </summary>
internal sealed class PlanBasis(LiveTopology live, PlanInputs inputs, ImmutableArray<PlannerOutcome> outcomes)
{
    private readonly Dictionary<string, PlannerOutcome> _byName = outcomes.ToDictionary(o => o.Spec.Name, StringComparer.Ordinal);

    public LiveTopology Live { get; } = live;

    public PlanInputs Inputs { get; } = inputs;

    /// <summary>The outcome kept for a function whose spec is the one placed last time, or null when it must be placed.</summary>
    public PlannerOutcome? Unchanged(FunctionSpec spec) =>
        _byName.TryGetValue(spec.Name, out PlannerOutcome? outcome) && outcome.Spec == spec ? outcome : null;
}
