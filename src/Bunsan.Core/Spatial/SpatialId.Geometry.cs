using Bunsan.Core.Geo;

namespace Bunsan.Core.Spatial;

public readonly partial record struct SpatialId
{
    /// <summary>
    /// The voxel's box. As in the Digital Agency's library, an out-of-range x wraps around the globe and an
    /// out-of-range y is clamped to the polar rows (IDs made by the constructor or by arithmetic may hold such values).
    /// </summary>
    public SpatialBounds Bounds
    {
        get
        {
            long n = 1L << Zoom;
            long x = WrappedX;
            long y = ClampedY;
            double height = VoxelHeightM;
            return new SpatialBounds(
                West: LongitudeAt(x, n),
                East: LongitudeAt(x + 1, n),
                South: LatitudeAt(y + 1, n),
                North: LatitudeAt(y, n),
                Bottom: F * height,
                Top: (F + 1.0) * height);
        }
    }

    /// <summary>
    /// The Web-Mercator midpoint (x + ½, y + ½) and the vertical middle — the Digital Agency's and the JS SDK's
    /// centre. (The Go library averages the north and south latitudes instead; at zoom 1 that differs by ~24°.)
    /// </summary>
    public GeoPoint Center
    {
        get
        {
            long n = 1L << Zoom;
            double height = VoxelHeightM;
            return new GeoPoint(
                LatitudeAt(ClampedY + 0.5, n),
                LongitudeAt(WrappedX + 0.5, n),
                (F * height) + (height / 2));
        }
    }

    private long WrappedX => Wrap(X, TilesPerAxis);

    private long ClampedY => Math.Clamp(Y, 0, TilesPerAxis - 1);

    // Operation order as in the Digital Agency's _calc_lon_on_index / _calc_lat_on_index.
    private static double LongitudeAt(double x, long n) => (x * 360 / n) - 180;

    private static double LatitudeAt(double y, long n) =>
        Math.Atan(Math.Sinh(Math.PI * (1 - (2 * y / n)))) * (180 / Math.PI);
}
