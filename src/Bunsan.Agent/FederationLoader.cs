using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Placement;
using Bunsan.Placement.Demand;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Agent;

/// <summary>The outcome of loading a federation: the federation, or the option at fault and the problem with its fix.</summary>
public sealed record FederationLoadResult(Federation? Federation, string? Field, string? Error)
{
    public bool Succeeded => Federation is not null;

    internal static FederationLoadResult Fail(string field, string error) => new(null, field, error);
}

/// <summary>
/// Reads the topology and catalog and places every function, the same way on every agent, for the demand the
/// control plane also places for before it measures any (<see cref="SiteDemand"/>: every site's users, pooled by
/// cell, at a small equal rate). Functions without a <c>module</c> have nothing to run and are left out.
/// </summary>
public static class FederationLoader
{
    public static FederationLoadResult Load(string? topologyText, string topologyPath, string? catalogText, string catalogPath, string siteId)
    {
        TopologyParseResult topology = TopologyFile.Parse(topologyText, topologyPath);
        if (!topology.Succeeded)
        {
            return FederationLoadResult.Fail("--topology", $"{topologyPath} is not a valid topology: {string.Join("; ", topology.Errors)}");
        }
        FunctionCatalogParseResult catalog = FunctionCatalogFile.Parse(catalogText, catalogPath);
        if (!catalog.Succeeded)
        {
            string why = catalog.Errors.IsEmpty ? "it lists no functions" : string.Join("; ", catalog.Errors);
            return FederationLoadResult.Fail("--functions", $"{catalogPath} is not a valid function catalog: {why}");
        }
        Topology sites = topology.Topology!;
        int self = sites.IndexOf(siteId ?? "");
        if (self < 0)
        {
            string known = string.Join(", ", sites.Sites.Take(20).Select(s => s.Id)) + (sites.Sites.Length > 20 ? ", ..." : "");
            return FederationLoadResult.Fail("--site", $"'{siteId}' is not a site of {topologyPath}: use one of {known}");
        }
        if (catalog.Functions.All(f => f.Module is null))
        {
            return FederationLoadResult.Fail("--functions", $"no function in {catalogPath} names a module: add module: path/to/function.wat to the functions agents should run");
        }
        ILatencyModel latency = FittedLatencyModel.Default;
        return new FederationLoadResult(new Federation(sites, self, Place(sites, catalog.Functions, latency), latency), null, null);
    }

    private static IEnumerable<FunctionRoute> Place(Topology topology, ImmutableArray<FunctionSpec> functions, ILatencyModel latency)
    {
        var context = new PlacementContext(topology, latency, []);
        ImmutableArray<DemandPoint> demand = SiteDemand.PooledBySite(topology);
        GeoPoint[] locations = [.. topology.Sites.Select(s => s.Location)];
        var pipeline = new PlacementPipeline();
        foreach (FunctionSpec function in functions.Where(f => f.Module is not null))
        {
            PlacementDecision decision = pipeline.Place(context, new PlacementRequest(function, demand));
            yield return new FunctionRoute(function, [.. decision.Replicas.Select(r => r.SiteIndex)], locations, latency);
        }
    }
}
