using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Tests.Pipeline;

public sealed class LatencyReachTests
{
    [Fact]
    public void RadiusKm_LinearModel_MatchesTheInverse()
    {
        // 1 ms + 0.02 ms/km: a 7 ms network budget reaches 300 km.
        double km = LatencyReach.RadiusKm(LinearLatencyModel.Default, PlacementFixtures.Tokyo, 7);

        Assert.InRange(km, 300, 300.5);
    }

    [Fact]
    public void RadiusKm_PhysicalBound_OneMillisecondIsOneHundredKm()
    {
        double km = LatencyReach.RadiusKm(PhysicalBoundLatencyModel.Instance, new GeoPoint(60, 10), 1);

        Assert.InRange(km, 100, 100.5);
    }

    [Fact]
    public void RadiusKm_BudgetBelowTheOverhead_IsNegative() =>
        Assert.True(LatencyReach.RadiusKm(LinearLatencyModel.Default, PlacementFixtures.Tokyo, 0.5) < 0);

    [Fact]
    public void RadiusKm_ModelFasterThanLight_ReachesTheWholeGlobe() =>
        Assert.Equal(LatencyReach.MaxDistanceKm, LatencyReach.RadiusKm(new LinearLatencyModel(0, 0.0001), PlacementFixtures.Tokyo, 5));

    [Fact]
    public void PointAt_PastTheNorthPole_ComesDownTheOtherSide()
    {
        var p = LatencyReach.PointAt(new GeoPoint(80, 10), 2 * 10 * SiteIndex.KmPerDegree);

        Assert.Equal(80, p.Latitude, 6);
        Assert.Equal(-170, p.Longitude, 6);
    }
}
