using System.Collections.Immutable;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Plans;

/// <summary>
/// What a replan depends on, coarsened where it should not react to noise: the sites (registration and health),
/// each site's utilisation in 10% steps, and the deployed specs. When these are the same as at the last replan,
/// placement would decide the same, so the beat skips it: the control plane's cost follows change, not the
/// number of sites times the beat rate, and load wobble inside a step never moves a function.
/// </summary>
internal sealed record PlanInputs(ImmutableArray<Site> Sites, ImmutableArray<int> LoadSteps, ImmutableArray<FunctionSpec> Functions)
{
    public const double LoadStep = 0.1;

    public PlanInputs(LiveTopology live, ImmutableArray<FunctionSpec> functions)
        : this(live.Topology.Sites, [.. live.Utilisation.Select(u => (int)Math.Floor(u / LoadStep))], functions)
    {
    }

    public bool SameAs(PlanInputs? other) =>
        other is not null
        && Sites.SequenceEqual(other.Sites)
        && LoadSteps.SequenceEqual(other.LoadSteps)
        && Functions.SequenceEqual(other.Functions);
}
