using Bunsan.Core.Geo;

namespace Bunsan.Core.Spatial;

/// <summary>
/// Japan's 3D spatial ID (空間ID) in ZFXY form: <c>z/f/x/y</c>. x and y are Web-Mercator XYZ tile indices at
/// zoom z; f counts voxels of 2^(25−z) m upwards from altitude 0 (negative below it). Rules follow the Digital
/// Agency's library (ouranos-gex-lib-for-Python) where public libraries disagree; see README.md in this folder.
/// </summary>
/// <remarks>
/// The constructor does not validate (it is a plain value, as neighbour arithmetic needs); IDs from
/// <see cref="TryParse"/>, <see cref="TryCreate"/> and <see cref="TryFromPoint"/> always have x and y in [0, 2^z).
/// </remarks>
public readonly partial record struct SpatialId(int Zoom, long F, long X, long Y)
{
    public const int MinZoom = 0;

    /// <summary>The Digital Agency's and the Go library's bound (精度レベルの指定範囲は0から35).</summary>
    public const int MaxZoom = 35;

    /// <summary>2^25 m: one voxel at zoom 0 is 33,554,432 m tall, one at zoom 25 is 1 m.</summary>
    public const double VerticalExtentM = 33_554_432;

    /// <summary>Web-Mercator's edge, atan(sinh(π)) in degrees; the square of tiles ends here.</summary>
    public const double MaxLatitude = 85.0511287798066;

    /// <summary>Tiles per axis at this zoom: 2^z.</summary>
    public long TilesPerAxis => 1L << Zoom;

    /// <summary>Height of one voxel in metres: 2^(25−z).</summary>
    public double VoxelHeightM => VoxelHeightAt(Zoom);

    public static double VoxelHeightAt(int zoom) => Math.ScaleB(1.0, 25 - zoom);

    public static bool IsValidZoom(int zoom) => zoom is >= MinZoom and <= MaxZoom;

    /// <summary>Validates the fields: zoom in 0..35, x and y in [0, 2^z). f is unbounded, as in the Digital Agency's library.</summary>
    public static bool TryCreate(int zoom, long f, long x, long y, out SpatialId id, out string? error)
    {
        id = default;
        if (!IsValidZoom(zoom))
        {
            error = $"zoom {zoom} is out of range: use a zoom from {MinZoom} to {MaxZoom}";
            return false;
        }
        long n = 1L << zoom;
        if (x < 0 || x >= n)
        {
            error = $"x {x} is out of range at zoom {zoom}: use 0 to {n - 1}";
            return false;
        }
        if (y < 0 || y >= n)
        {
            error = $"y {y} is out of range at zoom {zoom}: use 0 to {n - 1}";
            return false;
        }
        id = new SpatialId(zoom, f, x, y);
        error = null;
        return true;
    }

    /// <summary>"z/f/x/y" (no leading slash, as the Digital Agency's and the Go library print it).</summary>
    public override string ToString() => FormattableString.Invariant($"{Zoom}/{F}/{X}/{Y}");

    /// <summary>The ancestor <paramref name="levels"/> zooms up: (z−k, f≫k, x≫k, y≫k). The arithmetic shift floors, so f = −1 stays −1.</summary>
    public SpatialId Parent(int levels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(levels, Zoom);
        return new SpatialId(Zoom - levels, F >> levels, X >> levels, Y >> levels);
    }

    /// <summary>
    /// The 8 voxels one zoom down, in the JS SDK's order (index = xb + 2·yb + 4·fb, the order its tilehash uses).
    /// </summary>
    public SpatialId[] Children()
    {
        if (Zoom >= MaxZoom)
        {
            throw new InvalidOperationException($"{this} is at zoom {MaxZoom}, the finest: it has no children");
        }
        var children = new SpatialId[8];
        for (int i = 0; i < 8; i++)
        {
            children[i] = new SpatialId(Zoom + 1, (2 * F) + (i >> 2), (2 * X) + (i & 1), (2 * Y) + ((i >> 1) & 1));
        }
        return children;
    }

    /// <summary>True when this voxel is <paramref name="other"/> or one of its descendants.</summary>
    public bool IsWithin(SpatialId other) =>
        other.Zoom <= Zoom && Parent(Zoom - other.Zoom) == other;

    /// <summary>The voxel containing <paramref name="point"/>; throws <see cref="ArgumentOutOfRangeException"/> where <see cref="TryFromPoint"/> returns false.</summary>
    public static SpatialId FromPoint(GeoPoint point, int zoom) =>
        TryFromPoint(point, zoom, out SpatialId id, out string? error)
            ? id
            : throw new ArgumentOutOfRangeException(nameof(point), error);
}
