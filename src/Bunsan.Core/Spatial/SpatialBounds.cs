using Bunsan.Core.Geo;

namespace Bunsan.Core.Spatial;

/// <summary>
/// The box a spatial ID covers: longitudes west..east, latitudes south..north (degrees, WGS84) and altitudes
/// bottom..top (metres).
/// </summary>
public readonly record struct SpatialBounds(double West, double East, double South, double North, double Bottom, double Top)
{
    /// <summary>Horizontal test with inclusive edges (as the JS SDK's turf test), ignoring altitude.</summary>
    public bool ContainsHorizontally(GeoPoint point) =>
        point.Longitude >= West && point.Longitude <= East &&
        point.Latitude >= South && point.Latitude <= North;

    /// <summary>3D test: inclusive horizontal edges, bottom ≤ altitude &lt; top (a point on a floor belongs to the voxel above it).</summary>
    public bool Contains(GeoPoint point) =>
        ContainsHorizontally(point) && point.AltitudeM >= Bottom && point.AltitudeM < Top;
}
