using Bunsan.Core.Geo;
using Bunsan.Core.Spatial;

namespace Bunsan.Core.Tests.Spatial;

/// <summary>Round-trip properties and hostile input, independent of ../shared.</summary>
public sealed class SpatialIdTests
{
    [Fact]
    public void FromPoint_SeededRandomPoints_DecodedBoundsContainThePoint()
    {
        var random = new Random(20_260_523);
        for (int i = 0; i < 20_000; i++)
        {
            var point = new GeoPoint(
                (random.NextDouble() * 2 * SpatialId.MaxLatitude) - SpatialId.MaxLatitude,
                (random.NextDouble() * 360) - 180,
                (random.NextDouble() * 20_000) - 1_000);
            int zoom = random.Next(SpatialId.MinZoom, SpatialId.MaxZoom + 1);
            SpatialId id = SpatialId.FromPoint(point, zoom);
            Assert.True(id.Bounds.Contains(point), $"{id} bounds {id.Bounds} do not contain {point}");
            Assert.True(SpatialId.TryParse(id.ToString(), out SpatialId parsed, out string? error), error);
            Assert.Equal(id, parsed);
        }
    }

    [Fact]
    public void Center_SeededRandomIds_EncodesBackToTheSameId()
    {
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            int zoom = random.Next(SpatialId.MinZoom, SpatialId.MaxZoom + 1);
            long n = 1L << zoom;
            // f within the altitude domain [-2^z, 2^z - 1].
            var id = new SpatialId(zoom, random.NextInt64(-n, n), random.NextInt64(n), random.NextInt64(n));
            Assert.Equal(id, SpatialId.FromPoint(id.Center, zoom));
        }
    }

    [Fact]
    public void Parent_SeededRandomIds_ContainsChildAndEveryChildMapsBack()
    {
        var random = new Random(11);
        for (int i = 0; i < 5_000; i++)
        {
            var point = new GeoPoint((random.NextDouble() * 60) - 30, (random.NextDouble() * 360) - 180, random.NextDouble() * 3_000);
            SpatialId child = SpatialId.FromPoint(point, random.Next(1, SpatialId.MaxZoom + 1));
            SpatialId parent = child.Parent(random.Next(1, child.Zoom + 1));
            SpatialBounds outer = parent.Bounds;
            SpatialBounds inner = child.Bounds;
            Assert.True(outer.West <= inner.West && inner.East <= outer.East && outer.South <= inner.South && inner.North <= outer.North &&
                        outer.Bottom <= inner.Bottom && inner.Top <= outer.Top, $"{parent} does not contain {child}");
            Assert.True(child.IsWithin(parent));
            Assert.Equal(parent, SpatialId.FromPoint(point, parent.Zoom));
            if (child.Zoom < SpatialId.MaxZoom)
            {
                Assert.All(child.Children(), c => Assert.Equal(child, c.Parent()));
            }
        }
    }

    [Fact]
    public void Parent_NegativeF_FloorsLikeAnArithmeticShift()
    {
        Assert.Equal(new SpatialId(25, -1, 1, 1), new SpatialId(26, -1, 2, 2).Parent());
        Assert.Equal(new SpatialId(24, -2, 0, 0), new SpatialId(26, -5, 0, 0).Parent(2));
    }

    [Fact]
    public void Parent_MoreLevelsThanZoom_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpatialId(3, 0, 0, 0).Parent(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpatialId(3, 0, 0, 0).Parent(-1));
        Assert.Throws<InvalidOperationException>(() => new SpatialId(SpatialId.MaxZoom, 0, 0, 0).Children());
    }

    [Fact]
    public void FromPoint_Longitude180_IsTreatedAsMinus180()
    {
        Assert.Equal(SpatialId.FromPoint(new GeoPoint(35, -180), 10), SpatialId.FromPoint(new GeoPoint(35, 180), 10));
        Assert.Equal(0, SpatialId.FromPoint(new GeoPoint(35, 180), 10).X);
    }

    [Fact]
    public void FromPoint_AtTheMercatorEdge_ClampsYIntoTheGrid()
    {
        // The formula gives y = -1 at +85.0511287798066 and 2^z at its negative at some zooms (SPEC A8).
        Assert.Equal(0, SpatialId.FromPoint(new GeoPoint(SpatialId.MaxLatitude, 0), 10).Y);
        Assert.Equal(1023, SpatialId.FromPoint(new GeoPoint(-SpatialId.MaxLatitude, 0), 10).Y);
        Assert.Equal((1L << 35) - 1, SpatialId.FromPoint(new GeoPoint(-SpatialId.MaxLatitude, 179.9999999999), 35).X);
    }

    [Theory]
    [InlineData(double.NaN, 0, 0, 20, "latitude")]
    [InlineData(85.06, 0, 0, 20, "latitude")]
    [InlineData(-90, 0, 0, 20, "latitude")]
    [InlineData(35, double.PositiveInfinity, 0, 20, "longitude")]
    [InlineData(35, 180.5, 0, 20, "longitude")]
    [InlineData(35, 139, double.NaN, 20, "altitude")]
    [InlineData(35, 139, 33_554_432, 20, "altitude")]
    [InlineData(35, 139, -33_554_433, 20, "altitude")]
    [InlineData(35, 139, 0, 36, "zoom")]
    [InlineData(35, 139, 0, -1, "zoom")]
    public void TryFromPoint_OutOfRangeInput_FailsNamingTheField(double lat, double lon, double alt, int zoom, string field)
    {
        Assert.False(SpatialId.TryFromPoint(new GeoPoint(lat, lon, alt), zoom, out _, out string? error));
        Assert.StartsWith(field, error, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SpatialId.FromPoint(new GeoPoint(lat, lon, alt), zoom));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData(" ", "field")]
    [InlineData("25/0/29803148", "3 field(s)")]
    [InlineData("25/0/29803148/13212522/1", "5 field(s)")]
    [InlineData("25//29803148/13212522", "not a whole number")]
    [InlineData("25/0/29803148/13212522/", "5 field(s)")]
    [InlineData("//25/0/1/1", "5 field(s)")]
    [InlineData("25/0.5/29803148/13212522", "not a whole number")]
    [InlineData("25/0/x/13212522", "not a whole number")]
    [InlineData(" 25/0/29803148/13212522", "not a whole number")]
    [InlineData("25/+0/29803148/13212522", "not a whole number")]
    [InlineData("25/-/29803148/13212522", "not a whole number")]
    [InlineData("25/0/99999999999999999999/1", "not a whole number")]
    [InlineData("36/0/0/0", "zoom 36")]
    [InlineData("-1/0/0/0", "zoom -1")]
    [InlineData("99999999999/0/0/0", "zoom 99999999999")]
    [InlineData("3/0/8/0", "x 8 is out of range at zoom 3")]
    [InlineData("3/0/0/8", "y 8 is out of range at zoom 3")]
    [InlineData("3/0/-1/0", "x -1 is out of range")]
    [InlineData("3/0/0/-1", "y -1 is out of range")]
    public void TryParse_MalformedId_FailsWithAMessage(string? text, string expectedInMessage)
    {
        Assert.False(SpatialId.TryParse(text, out _, out string? error));
        Assert.Contains(expectedInMessage, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/25/-1/29802274/13208496", "25/-1/29802274/13208496")]
    [InlineData("0/0/0/0", "0/0/0/0")]
    [InlineData("35/-34359738368/34359738367/34359738367", "35/-34359738368/34359738367/34359738367")]
    public void TryParse_ValidId_RoundTripsWithoutLeadingSlash(string text, string printed)
    {
        Assert.True(SpatialId.TryParse(text, out SpatialId id, out string? error), error);
        Assert.Equal(printed, id.ToString());
    }

    [Fact]
    public void TryFromPoint_ManyCalls_AllocateNothing()
    {
        long sum = SpatialId.FromPoint(new GeoPoint(35.68, 139.76), 25).X;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            sum += SpatialId.FromPoint(new GeoPoint(30 + (i % 20), 130 + (i % 15), i % 100), 10 + (i % 26)).Y;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Fact]
    public void Neighbours26_AnyId_AreDistinctAndAdjacent()
    {
        SpatialId id = SpatialId.FromPoint(new GeoPoint(35.6812, 139.7671, 40), 20);
        SpatialId[] all = id.Neighbours26();
        Assert.Equal(26, all.Distinct().Count());
        Assert.DoesNotContain(id, all);
        Assert.All(all, n => Assert.True(Math.Abs(n.X - id.X) <= 1 && Math.Abs(n.Y - id.Y) <= 1 && Math.Abs(n.F - id.F) <= 1));
        Assert.Subset(all.ToHashSet(), id.Neighbours6().ToHashSet());
        Assert.Subset(all.ToHashSet(), id.Neighbours8().ToHashSet());
    }
}
