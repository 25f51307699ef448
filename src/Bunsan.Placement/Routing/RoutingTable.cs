using Bunsan.Core.Geo;
using Bunsan.Core.Latency;

namespace Bunsan.Placement.Routing;

/// <summary>
/// What a gateway precomputes for one function: its replicas, and for every origin cell the nearest
/// replicas sorted by RTT with their RTTs, flattened into two arrays. A routing decision is then a
/// short scan of one cell's slice; building costs cells × replicas RTT predictions (1,000 cells ×
/// 1,000 replicas ≈ 10⁶ predictions, ~50 ms) and happens when placement changes, never per request.
/// </summary>
public sealed class RoutingTable
{
    /// <summary>Default cap on the per-cell list: the 64 nearest replicas hold every deadline-feasible one in practice, and keep a 10⁴-site table small.</summary>
    public const int DefaultMaxCandidatesPerCell = 64;

    private readonly int[] _replicaSites;
    private readonly int[] _cellStart;
    private readonly int[] _sites;
    private readonly double[] _rttMs;

    private RoutingTable(int[] replicaSites, int[] cellStart, int[] sites, double[] rttMs)
    {
        _replicaSites = replicaSites;
        _cellStart = cellStart;
        _sites = sites;
        _rttMs = rttMs;
    }

    /// <summary>Every replica's site index, in placement order.</summary>
    public ReadOnlySpan<int> ReplicaSites => _replicaSites;

    public int CellCount => _cellStart.Length - 1;

    /// <summary>Site indexes of the nearest replicas to <paramref name="cell"/>, nearest first.</summary>
    public ReadOnlySpan<int> SitesByRtt(int cell) => _sites.AsSpan(_cellStart[cell], _cellStart[cell + 1] - _cellStart[cell]);

    /// <summary>RTTs (ms) matching <see cref="SitesByRtt"/>.</summary>
    public ReadOnlySpan<double> RttsMs(int cell) => _rttMs.AsSpan(_cellStart[cell], _cellStart[cell + 1] - _cellStart[cell]);

    /// <summary>Builds the table for replicas at <paramref name="replicaSites"/> (indexes into <paramref name="siteLocations"/>).</summary>
    public static RoutingTable Build(
        ReadOnlySpan<int> replicaSites,
        IReadOnlyList<GeoPoint> siteLocations,
        OriginCells cells,
        ILatencyModel latency,
        int maxCandidatesPerCell = DefaultMaxCandidatesPerCell)
    {
        ArgumentNullException.ThrowIfNull(siteLocations);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(latency);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCandidatesPerCell, 1);
        int perCell = Math.Min(maxCandidatesPerCell, replicaSites.Length);
        int[] replicas = replicaSites.ToArray();
        var cellStart = new int[cells.Count + 1];
        var sites = new int[cells.Count * perCell];
        var rtts = new double[cells.Count * perCell];
        var allRtts = new double[replicas.Length];
        var order = new int[replicas.Length];
        for (int c = 0; c < cells.Count; c++)
        {
            GeoPoint centre = cells.Centre(c);
            for (int r = 0; r < replicas.Length; r++)
            {
                allRtts[r] = latency.RttMs(centre, siteLocations[replicas[r]]);
                order[r] = r;
            }
            // Ties broken by placement order so the table is a pure function of its inputs.
            Array.Sort(order, (a, b) => allRtts[a] != allRtts[b] ? allRtts[a].CompareTo(allRtts[b]) : a.CompareTo(b));
            int start = c * perCell;
            cellStart[c] = start;
            for (int k = 0; k < perCell; k++)
            {
                sites[start + k] = replicas[order[k]];
                rtts[start + k] = allRtts[order[k]];
            }
        }
        cellStart[cells.Count] = cells.Count * perCell;
        return new RoutingTable(replicas, cellStart, sites, rtts);
    }
}
