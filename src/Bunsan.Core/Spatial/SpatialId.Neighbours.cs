namespace Bunsan.Core.Spatial;

public readonly partial record struct SpatialId
{
    // The JS SDK's ring order: east, south, south-east, west, north, north-west, north-east, south-west (+x east, +y south).
    private static ReadOnlySpan<sbyte> RingDx => [1, 0, 1, -1, 0, -1, 1, -1];

    private static ReadOnlySpan<sbyte> RingDy => [0, 1, 1, 0, -1, -1, -1, 1];

    /// <summary>
    /// Moves by whole voxels: +x east, +y south, +f up. x and y wrap modulo 2^z (the north edge neighbours the
    /// south edge, as in all three public libraries); f is unbounded, as in the Digital Agency's library.
    /// </summary>
    public SpatialId Shift(long dx, long dy, long df)
    {
        long n = TilesPerAxis;
        return new SpatialId(Zoom, checked(F + df), Wrap(X + dx, n), Wrap(Y + dy, n));
    }

    /// <summary>The 6 face neighbours: up, down, east, west, south, north.</summary>
    public SpatialId[] Neighbours6() =>
        [Shift(0, 0, 1), Shift(0, 0, -1), Shift(1, 0, 0), Shift(-1, 0, 0), Shift(0, 1, 0), Shift(0, -1, 0)];

    /// <summary>The 8 horizontal neighbours at the same f, in the JS SDK's ring order.</summary>
    public SpatialId[] Neighbours8()
    {
        var ring = new SpatialId[8];
        for (int i = 0; i < 8; i++)
        {
            ring[i] = Shift(RingDx[i], RingDy[i], 0);
        }
        return ring;
    }

    /// <summary>All 26 surrounding voxels in the JS SDK's order: the same-f ring, then f+1 (centre first, then its ring), then f−1.</summary>
    public SpatialId[] Neighbours26()
    {
        var all = new SpatialId[26];
        Neighbours8().CopyTo(all, 0);
        int k = 8;
        foreach (int df in (ReadOnlySpan<int>)[1, -1])
        {
            all[k++] = Shift(0, 0, df);
            for (int i = 0; i < 8; i++)
            {
                all[k++] = Shift(RingDx[i], RingDy[i], df);
            }
        }
        return all;
    }

    private static long Wrap(long value, long n) => ((value % n) + n) % n;
}
