using Bunsan.Core.Geo;

namespace Bunsan.Core.Tests.Geo;

public sealed class GeoPointTests
{
    private static readonly GeoPoint TokyoStation = new(35.681236, 139.767125);
    private static readonly GeoPoint ShinOsaka = new(34.733480, 135.500191);

    [Fact]
    public void DistanceKmTo_TokyoStationToShinOsaka_IsAbout403Km()
    {
        // The great circle is ~403 km; the Tokaido Shinkansen's track is 515 km.
        Assert.InRange(TokyoStation.DistanceKmTo(ShinOsaka), 400, 406);
    }

    [Fact]
    public void DistanceKmTo_IsSymmetricAndZeroToItself()
    {
        Assert.Equal(TokyoStation.DistanceKmTo(ShinOsaka), ShinOsaka.DistanceKmTo(TokyoStation), 9);
        Assert.Equal(0, TokyoStation.DistanceKmTo(TokyoStation));
    }

    [Theory]
    [InlineData(0, 0, 0, 180, Math.PI)]          // antipodes: half the circumference
    [InlineData(0, 0, 90, 0, Math.PI / 2)]       // equator to pole: a quarter
    [InlineData(0, 0, 1, 0, Math.PI / 180)]      // one degree of latitude
    [InlineData(0, 179.5, 0, -179.5, Math.PI / 180)] // across the antimeridian, not around the world
    public void DistanceKmTo_KnownArcs_MatchRadiusTimesAngle(double lat1, double lon1, double lat2, double lon2, double radians)
    {
        double expected = GeoPoint.EarthRadiusKm * radians;

        Assert.Equal(expected, new GeoPoint(lat1, lon1).DistanceKmTo(new GeoPoint(lat2, lon2)), 6);
    }

    [Fact]
    public void DistanceKmTo_IgnoresAltitude()
    {
        Assert.Equal(TokyoStation.DistanceKmTo(ShinOsaka), (TokyoStation with { AltitudeM = 3776 }).DistanceKmTo(ShinOsaka), 9);
    }

    [Theory]
    [InlineData("35.68,139.76", 35.68, 139.76, 0)]
    [InlineData(" 35.68 , 139.76 , 12.5 ", 35.68, 139.76, 12.5)]
    [InlineData("-90,-180", -90, -180, 0)]
    [InlineData("90,180,-10", 90, 180, -10)]
    [InlineData("3.568e1,139.76", 35.68, 139.76, 0)]
    public void TryParse_ValidText_GivesThePoint(string text, double lat, double lon, double alt)
    {
        Assert.True(GeoPoint.TryParse(text, out GeoPoint point, out string? error), error);
        Assert.Equal(new GeoPoint(lat, lon, alt), point);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null, "is not a position")]
    [InlineData("", "is not a position")]
    [InlineData("35.68", "is not a position")]
    [InlineData("1,2,3,4", "is not a position")]
    [InlineData("tokyo,osaka", "'tokyo' in 'tokyo,osaka' is not a number")]
    [InlineData("35.68,", "'' in '35.68,' is not a number")]
    [InlineData("NaN,139", "latitude NaN is out of range")]
    [InlineData("91,139", "latitude 91 is out of range: use a number from -90 to 90")]
    [InlineData("1e400,139", "latitude Infinity is out of range")]
    [InlineData("35,-180.0001", "longitude -180.0001 is out of range: use a number from -180 to 180")]
    [InlineData("35,Infinity", "longitude Infinity is out of range")]
    [InlineData("35,139,NaN", "altitude NaN is not a finite number of metres")]
    [InlineData("0x10,139", "'0x10' in '0x10,139' is not a number")]
    public void TryParse_HostileText_FailsNamingTheProblem(string? text, string expected)
    {
        Assert.False(GeoPoint.TryParse(text, out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MegabyteOfCommas_FailsWithoutThrowing()
    {
        Assert.False(GeoPoint.TryParse(new string(',', 1_000_000), out _, out string? error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData(double.NaN, 0, 0, "latitude")]
    [InlineData(double.PositiveInfinity, 0, 0, "latitude")]
    [InlineData(-90.000001, 0, 0, "latitude")]
    [InlineData(0, double.NegativeInfinity, 0, "longitude")]
    [InlineData(0, 180.5, 0, "longitude")]
    [InlineData(0, 0, double.PositiveInfinity, "altitude")]
    public void TryCreate_OutOfRange_FailsNamingTheField(double lat, double lon, double alt, string field)
    {
        Assert.False(GeoPoint.TryCreate(lat, lon, alt, out GeoPoint point, out string? error));
        Assert.StartsWith(field, error, StringComparison.Ordinal);
        Assert.Equal(default, point);
    }

    [Fact]
    public void ToString_RoundTripsThroughTryParse()
    {
        var point = new GeoPoint(35.681236, 139.767125, 40.5);

        Assert.Equal("35.681236,139.767125,40.5", point.ToString());
        Assert.True(GeoPoint.TryParse(point.ToString(), out GeoPoint parsed, out _));
        Assert.Equal(point, parsed);
    }
}
