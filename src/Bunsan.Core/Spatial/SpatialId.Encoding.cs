using Bunsan.Core.Geo;

namespace Bunsan.Core.Spatial;

public readonly partial record struct SpatialId
{
    /// <summary>
    /// Altitudes the vertical index covers: [−2^25, 2^25) m, the global extent of the ZFXY space (as the JS SDK
    /// and pg_spatialid bound it). Outside it f would leave [−2^z, 2^z − 1].
    /// </summary>
    public const double MinAltitudeM = -VerticalExtentM;

    /// <inheritdoc cref="MinAltitudeM"/>
    public const double MaxAltitudeExclusiveM = VerticalExtentM;

    /// <summary>
    /// Encodes a point (WGS84 degrees; altitude in metres above the datum stated in README.md). Allocation-free.
    /// Longitude 180 is treated as −180. Latitudes beyond ±<see cref="MaxLatitude"/> are rejected (the Go library
    /// does the same); at the edge itself the Mercator formula yields y = −1 or y = 2^z, which is clamped into
    /// [0, 2^z − 1] (SPEC A8).
    /// </summary>
    public static bool TryFromPoint(GeoPoint point, int zoom, out SpatialId id, out string? error)
    {
        id = default;
        error = CheckPoint(point, zoom);
        if (error is not null)
        {
            return false;
        }
        double n = Math.ScaleB(1.0, zoom);
        double lon = point.Longitude == 180 ? -180 : point.Longitude;
        // Same operation order as the Digital Agency's _get_horizontal_tile_id_on_point, so floor() agrees at tile edges.
        long x = (long)Math.Floor(n * ((lon + 180.0) / 360.0));
        double latRad = point.Latitude * (Math.PI / 180);
        long y = (long)Math.Floor(n * (1 - (Math.Log(Math.Tan(latRad) + (1 / Math.Cos(latRad))) / Math.PI)) / 2);
        long last = (1L << zoom) - 1;
        y = Math.Clamp(y, 0, last); // SPEC A8: the formula yields -1 or 2^z at the Mercator edge
        x = Math.Clamp(x, 0, last); // (lon + 180) / 360 rounds to 1.0 within ~1e-14° of 180
        long f = (long)Math.Floor(point.AltitudeM / VoxelHeightAt(zoom));
        id = new SpatialId(zoom, f, x, y);
        return true;
    }

    private static string? CheckPoint(GeoPoint point, int zoom)
    {
        if (!IsValidZoom(zoom))
        {
            return $"zoom {zoom} is out of range: use a zoom from {MinZoom} to {MaxZoom}";
        }
        if (!double.IsFinite(point.Latitude) || Math.Abs(point.Latitude) > MaxLatitude)
        {
            return $"latitude {point.Latitude} is out of range: use -{MaxLatitude} to {MaxLatitude} (spatial IDs cover the Web-Mercator square)";
        }
        if (!double.IsFinite(point.Longitude) || point.Longitude is < -180 or > 180)
        {
            return $"longitude {point.Longitude} is out of range: use a number from -180 to 180";
        }
        if (!double.IsFinite(point.AltitudeM) || point.AltitudeM < MinAltitudeM || point.AltitudeM >= MaxAltitudeExclusiveM)
        {
            return $"altitude {point.AltitudeM} m is out of range: use metres from {MinAltitudeM} up to (not including) {MaxAltitudeExclusiveM}";
        }
        return null;
    }
}
