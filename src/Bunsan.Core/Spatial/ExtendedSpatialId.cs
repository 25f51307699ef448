using Bunsan.Core.Geo;

namespace Bunsan.Core.Spatial;

/// <summary>
/// The extended spatial ID (拡張空間ID) <c>hZoom/x/y/vZoom/f</c>: horizontal and vertical resolution chosen
/// independently. With equal zooms it is the ZFXY ID <c>z/f/x/y</c> written in another order.
/// </summary>
public readonly record struct ExtendedSpatialId(int HorizontalZoom, long X, long Y, int VerticalZoom, long F)
{
    private const string Format = "hZoom/x/y/vZoom/f";
    private const string Example = "18/232837/103222/25/0";

    /// <summary>A finer-zoom listing holds at most 2^20 IDs (~1 M, 32 MB); beyond that a caller wants a range, not a list.</summary>
    public const int MaxChangeZoomBits = 20;

    public static ExtendedSpatialId From(SpatialId id) => new(id.Zoom, id.X, id.Y, id.Zoom, id.F);

    /// <summary>The ZFXY form; only when both zooms agree, since ZFXY has one zoom.</summary>
    public bool TryToSpatialId(out SpatialId id)
    {
        id = HorizontalZoom == VerticalZoom ? new SpatialId(HorizontalZoom, F, X, Y) : default;
        return HorizontalZoom == VerticalZoom;
    }

    /// <summary>Encodes x and y at <paramref name="horizontalZoom"/> and f at <paramref name="verticalZoom"/> (rules as <see cref="SpatialId.TryFromPoint"/>).</summary>
    public static bool TryFromPoint(GeoPoint point, int horizontalZoom, int verticalZoom, out ExtendedSpatialId id, out string? error)
    {
        id = default;
        if (!SpatialId.TryFromPoint(point, horizontalZoom, out SpatialId horizontal, out error))
        {
            return false;
        }
        if (!SpatialId.TryFromPoint(point, verticalZoom, out SpatialId vertical, out error))
        {
            error = $"vertical {error}";
            return false;
        }
        id = new ExtendedSpatialId(horizontalZoom, horizontal.X, horizontal.Y, verticalZoom, vertical.F);
        return true;
    }

    /// <summary>Parses "hZoom/x/y/vZoom/f" (optional leading '/'): both zooms in 0..35, x and y in [0, 2^hZoom).</summary>
    public static bool TryParse(string? text, out ExtendedSpatialId id, out string? error)
    {
        id = default;
        Span<long> fields = stackalloc long[5];
        if (!SpatialIdText.TrySplit(text, fields, Format, Example, out error) ||
            !SpatialIdText.TryZoom(fields[0], "horizontal zoom", text!, out int horizontalZoom, out error) ||
            !SpatialIdText.TryZoom(fields[3], "vertical zoom", text!, out int verticalZoom, out error))
        {
            return false;
        }
        if (!SpatialId.TryCreate(horizontalZoom, 0, fields[1], fields[2], out _, out error))
        {
            error = $"'{text}': {error}";
            return false;
        }
        id = new ExtendedSpatialId(horizontalZoom, fields[1], fields[2], verticalZoom, fields[4]);
        return true;
    }

    /// <summary>Moves by whole voxels (+x east, +y south, +f up); x and y wrap modulo 2^hZoom, f is unbounded.</summary>
    public ExtendedSpatialId Shift(long dx, long dy, long df)
    {
        SpatialId moved = new SpatialId(HorizontalZoom, F, X, Y).Shift(dx, dy, df);
        return this with { X = moved.X, Y = moved.Y, F = moved.F };
    }

    /// <summary>
    /// The IDs covering this voxel at other zooms: coarser zooms give one index (≫), finer ones every sub-index (≪).
    /// Horizontal and vertical zooms change independently, as in the Go library's ChangeExtendedSpatialIdsZoom.
    /// </summary>
    public IReadOnlyList<ExtendedSpatialId> ChangeZoom(int horizontalZoom, int verticalZoom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizontalZoom, SpatialId.MinZoom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(horizontalZoom, SpatialId.MaxZoom);
        ArgumentOutOfRangeException.ThrowIfLessThan(verticalZoom, SpatialId.MinZoom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(verticalZoom, SpatialId.MaxZoom);
        int finerBits = (2 * Math.Max(0, horizontalZoom - HorizontalZoom)) + Math.Max(0, verticalZoom - VerticalZoom);
        if (finerBits > MaxChangeZoomBits)
        {
            throw new ArgumentOutOfRangeException(nameof(horizontalZoom), $"{this} at zoom {horizontalZoom}/{verticalZoom} is 2^{finerBits} IDs; at most 2^{MaxChangeZoomBits} are listed");
        }
        (long firstX, long xCount) = Rescale(X, HorizontalZoom, horizontalZoom);
        (long firstY, long yCount) = Rescale(Y, HorizontalZoom, horizontalZoom);
        (long firstF, long fCount) = Rescale(F, VerticalZoom, verticalZoom);
        var result = new List<ExtendedSpatialId>((int)(xCount * yCount * fCount));
        for (long f = 0; f < fCount; f++)
        {
            for (long y = 0; y < yCount; y++)
            {
                for (long x = 0; x < xCount; x++)
                {
                    result.Add(new ExtendedSpatialId(horizontalZoom, firstX + x, firstY + y, verticalZoom, firstF + f));
                }
            }
        }
        return result;
    }

    private static (long First, long Count) Rescale(long index, int from, int to) =>
        to <= from ? (index >> (from - to), 1) : (index << (to - from), 1L << (to - from));

    public override string ToString() => FormattableString.Invariant($"{HorizontalZoom}/{X}/{Y}/{VerticalZoom}/{F}");
}
