using System.Collections.Immutable;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Plans;

/// <summary>
/// What a replan depends on: the sites (registration and health), their utilisation, the deployed specs, and the
/// band of each site's measured ingress (<see cref="IngressReplicas.Levels"/>). When the sites and specs are the same
/// as at the last replan, no ingress crossed a band edge, and no site's utilisation moved by <see cref="LoadBand"/>
/// or more since then, placement would decide the same, so the beat skips it: the control plane's cost follows
/// change, not the number of sites times the beat rate. A band around the last planned value rather than fixed steps:
/// load wobbling across a step boundary (0.69, 0.71, 0.69…) would otherwise replan on every beat.
/// </summary>
internal sealed record PlanInputs(
    ImmutableArray<Site> Sites, ImmutableArray<double> Utilisation, ImmutableArray<FunctionSpec> Functions, ImmutableArray<string> IngressLevels)
{
    public const double LoadBand = 0.1;

    public PlanInputs(LiveTopology live, ImmutableArray<FunctionSpec> functions)
        : this(live.Topology.Sites, live.Utilisation, functions, IngressReplicas.Levels(live, functions))
    {
    }

    /// <summary>The inputs of <paramref name="sites"/> (as a snapshot held them) with the load read now.</summary>
    public PlanInputs(ImmutableArray<Site> sites, LiveSiteTable.LoadNow load, ImmutableArray<FunctionSpec> functions)
        : this(sites, load.Utilisation, functions, IngressReplicas.Levels(sites, load.RpsAt, functions))
    {
    }

    public bool SameAs(PlanInputs? other) => other is not null && Functions.SequenceEqual(other.Functions) && SameSitesAs(other);

    /// <summary>
    /// Whether placement would see the same federation (sites, load within the band, ingress levels), whatever was
    /// deployed: then a function whose spec is unchanged would be placed as before, and only new or changed ones need placing.
    /// </summary>
    public bool SameSitesAs(PlanInputs? other)
    {
        if (other is null || !Sites.SequenceEqual(other.Sites) || !IngressLevels.SequenceEqual(other.IngressLevels))
        {
            return false;
        }
        for (int i = 0; i < Utilisation.Length; i++)
        {
            if (Math.Abs(Utilisation[i] - other.Utilisation[i]) >= LoadBand)
            {
                return false;
            }
        }
        return true;
    }
}
