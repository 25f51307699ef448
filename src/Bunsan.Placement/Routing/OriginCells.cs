using Bunsan.Core.Geo;
using Bunsan.Core.Spatial;

namespace Bunsan.Placement.Routing;

/// <summary>
/// Origins grouped into spatial-ID cells, so a routing table precomputes one RTT-sorted replica
/// list per cell instead of per origin. At the default zoom 11 a cell over Japan is ~16 km across,
/// so a cell centre is within ~11 km of any origin in it: with ~0.01–0.02 ms of RTT per km that
/// is ~0.2 ms of RTT error, small beside the 10 ms realtime budget.
/// </summary>
public sealed class OriginCells
{
    public const int DefaultZoom = 11;

    private readonly Dictionary<SpatialId, int> _indexById = [];
    private readonly List<GeoPoint> _centres = [];

    public OriginCells(int zoom = DefaultZoom)
    {
        if (!SpatialId.IsValidZoom(zoom))
        {
            throw new ArgumentOutOfRangeException(nameof(zoom), zoom, "zoom must be 0..35");
        }
        Zoom = zoom;
    }

    public int Zoom { get; }

    public int Count => _centres.Count;

    public GeoPoint Centre(int cell) => _centres[cell];

    /// <summary>The cell holding <paramref name="origin"/>, added if new (build time, before tables are made).</summary>
    public int Add(GeoPoint origin)
    {
        var id = SpatialId.FromPoint(origin with { AltitudeM = 0 }, Zoom);
        if (!_indexById.TryGetValue(id, out int cell))
        {
            cell = _centres.Count;
            _indexById.Add(id, cell);
            var centre = id.Center;
            _centres.Add(new GeoPoint(centre.Latitude, centre.Longitude));
        }
        return cell;
    }

    /// <summary>The cell holding <paramref name="origin"/>, or -1 when no table knows it.</summary>
    public int Find(GeoPoint origin) =>
        _indexById.TryGetValue(SpatialId.FromPoint(origin with { AltitudeM = 0 }, Zoom), out int cell) ? cell : -1;
}
