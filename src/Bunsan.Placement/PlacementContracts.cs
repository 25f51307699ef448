using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;

namespace Bunsan.Placement;

/// <summary>Where invocations of a function come from, and how many per second.</summary>
public sealed record DemandPoint(GeoPoint Origin, double RequestsPerSecond);

/// <summary>What placement is asked: host this function for this demand.</summary>
public sealed record PlacementRequest(FunctionSpec Function, ImmutableArray<DemandPoint> Demand);

/// <summary>
/// The world placement sees: an immutable topology snapshot, a latency model, and each site's
/// current utilisation (0..1, indexed like <see cref="Topology.Sites"/>; empty means idle everywhere).
/// </summary>
public sealed record PlacementContext(Topology Topology, ILatencyModel Latency, ImmutableArray<double> SiteUtilisation)
{
    public double UtilisationOf(int siteIndex) =>
        SiteUtilisation.IsDefaultOrEmpty ? 0 : SiteUtilisation[siteIndex];
}

/// <summary>A site chosen to host the function, and the indexes (into the request's demand) it serves.</summary>
public sealed record Replica(int SiteIndex, string SiteId, ImmutableArray<int> ServedDemand);

/// <summary>Why a site was kept or rejected: every rejected site keeps the filter's reason.</summary>
public sealed record SiteVerdict(int SiteIndex, string SiteId, bool Kept, string Stage, string Reason, double Score);

/// <summary>The outcome of placing one function.</summary>
public sealed record PlacementDecision(
    FunctionSpec Function,
    ImmutableArray<Replica> Replicas,
    ImmutableArray<SiteVerdict> Verdicts,
    ImmutableArray<int> UnservedDemand)
{
    /// <summary>
    /// Demand points some site could serve in time but no chosen replica does: the maximum replica
    /// count, or capacity, ran out first. Disjoint from <see cref="UnservedDemand"/>.
    /// </summary>
    public ImmutableArray<int> UncoveredDemand { get; init; } = [];
}

/// <summary>Places one function on a topology snapshot. Pure: same inputs, same decision.</summary>
public interface IPlacementPipeline
{
    PlacementDecision Place(PlacementContext context, PlacementRequest request);
}
