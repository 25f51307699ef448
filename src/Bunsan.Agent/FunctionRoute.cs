using System.Collections.Concurrent;
using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Spatial;
using Bunsan.Placement.Routing;

namespace Bunsan.Agent;

/// <summary>
/// One function as every gateway sees it: its spec, the sites placement chose as its replicas, and routing
/// tables for the origin cells requests came from. A table per cell is built on the first request from that
/// cell (replicas × one RTT prediction, ~0.1 µs each) and cached, because origins are not known in advance.
/// </summary>
public sealed class FunctionRoute
{
    /// <summary>Beyond this many cached cells (a zoom-11 cell is ~16 km across: 65,536 cover Japan many times over)
    /// tables are built per request instead, so a caller spraying random origins cannot grow memory without bound.</summary>
    private const int MaxCachedCells = 65_536;

    private readonly ConcurrentDictionary<SpatialId, RoutingTable> _tables = new();
    private readonly IReadOnlyList<GeoPoint> _siteLocations;
    private readonly ILatencyModel _latency;

    public FunctionRoute(FunctionSpec spec, ImmutableArray<int> replicaSites, IReadOnlyList<GeoPoint> siteLocations, ILatencyModel latency)
    {
        Spec = spec;
        ReplicaSites = replicaSites;
        _siteLocations = siteLocations;
        _latency = latency;
        ExpectedExecMs = MeanExecutionMs(spec.Execution);
    }

    public FunctionSpec Spec { get; }

    public string Name => Spec.Name;

    /// <summary>Indexes (into the topology's sites) of the replicas, in placement order.</summary>
    public ImmutableArray<int> ReplicaSites { get; }

    /// <summary>What routing and admission expect one invocation to take: the mean of the execution-time distribution.</summary>
    public double ExpectedExecMs { get; }

    /// <summary>The function's budget when the request names none: its latency class (+∞ for batch).</summary>
    public double DefaultBudgetMs => Spec.Class.BudgetMs;

    public bool IsReplica(int site) => ReplicaSites.Contains(site);

    /// <summary>The routing table for the cell holding <paramref name="origin"/> (one cell, the replicas sorted by RTT from its centre).</summary>
    public RoutingTable TableFor(GeoPoint origin)
    {
        // Spatial IDs stop at the Web-Mercator edge (±85.05°): a polar origin is routed from the edge cell, a few hundred km off.
        origin = new GeoPoint(Math.Clamp(origin.Latitude, -SpatialId.MaxLatitude, SpatialId.MaxLatitude), origin.Longitude);
        var cell = SpatialId.FromPoint(origin, OriginCells.DefaultZoom);
        if (_tables.TryGetValue(cell, out RoutingTable? table))
        {
            return table;
        }
        var cells = new OriginCells();
        cells.Add(origin);
        table = RoutingTable.Build(ReplicaSites.AsSpan(), _siteLocations, cells, _latency);
        if (_tables.Count < MaxCachedCells)
        {
            _tables.TryAdd(cell, table);
        }
        return table;
    }

    /// <summary>
    /// The mean of a lognormal with median p50 and 99th percentile p99, the execution-time shape the simulator
    /// assumes (Bunsan.Simulation's ExecutionTimeDistribution.FromSpec), so the agent admits what the simulator would.
    /// </summary>
    internal static double MeanExecutionMs(ExecutionTime execution) => execution.LognormalMeanMs();
}
