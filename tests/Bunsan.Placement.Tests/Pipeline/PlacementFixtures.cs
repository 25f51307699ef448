using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Tests.Pipeline;

/// <summary>A latency model for tests: a fixed overhead plus a cost per great-circle km.</summary>
internal sealed class LinearLatencyModel(double overheadMs, double msPerKm) : ILatencyModel
{
    public static LinearLatencyModel Default { get; } = new(1.0, 0.02);

    public double RttMs(GeoPoint origin, GeoPoint destination) => overheadMs + (msPerKm * origin.DistanceKmTo(destination));
}

/// <summary>Hand-built sites, functions and requests for placement tests.</summary>
internal static class PlacementFixtures
{
    public static readonly GeoPoint Tokyo = new(35.68, 139.76);
    public static readonly GeoPoint Yokohama = new(35.44, 139.64);
    public static readonly GeoPoint Osaka = new(34.69, 135.50);
    public static readonly GeoPoint Sapporo = new(43.06, 141.35);
    public static readonly GeoPoint Fukuoka = new(33.59, 130.40);

    public static Site Site(string id, GeoPoint location, string metro, string region = "kanto", string jurisdiction = "JP",
        int cores = 64, SiteHealth health = SiteHealth.Healthy, double gridCarbon = 450, double pue = 1.5) =>
        new(id, id, location, SiteTier.Edge, jurisdiction, new FailureDomains(metro, region),
            new SiteCapacity(cores, cores * 4), new EnergyProfile(100, 400, pue, gridCarbon), health);

    public static Topology Topology(params Site[] sites) => new("test", [.. sites]);

    public static FunctionSpec Function(LatencyClass latencyClass, int min = 1, int max = 10, string[]? residency = null,
        double cores = 0.5, double memoryMiB = 128, double p50 = 2, double p99 = 3) =>
        new("f", "", new InvocationResources(cores, memoryMiB), new ExecutionTime(p50, p99), latencyClass,
            residency is null ? [] : [.. residency], min, max);

    public static PlacementRequest Request(FunctionSpec function, params GeoPoint[] origins) =>
        new(function, [.. origins.Select(o => new DemandPoint(o, 10))]);

    public static PlacementContext Context(Topology topology, params double[] utilisation) =>
        new(topology, LinearLatencyModel.Default, utilisation.Length == 0 ? [] : [.. utilisation]);

    public static PlacementDecision Place(PlacementContext context, PlacementRequest request, PlacementOptions? options = null) =>
        new PlacementPipeline(options).Place(context, request);

    /// <summary>A scope whose deadline evidence the demand search has filled, as the pipeline does.</summary>
    public static PlacementScope SearchedScope(PlacementContext context, PlacementRequest request)
    {
        var scope = new PlacementScope(context, request, SiteIndex.For(context.Topology), PlacementOptions.Default);
        new DemandSearch(scope, [.. PlacementOptions.Default.Filters.Select(PlacementComponents.Filter)]).Run();
        return scope;
    }

    public static SiteVerdict VerdictOf(PlacementDecision decision, string siteId) =>
        decision.Verdicts.Single(v => v.SiteId == siteId);

    public static ImmutableArray<string> ReplicaIds(PlacementDecision decision) => [.. decision.Replicas.Select(r => r.SiteId)];
}
