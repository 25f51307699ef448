using System.Collections.Immutable;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Core.Tests.Latency;

public sealed class SiteLatencyTableTests
{
    private static Site NewSite(string id, double lat, double lon) => new(
        id, id, new GeoPoint(lat, lon), SiteTier.Edge, "JP", new FailureDomains(id, "r"),
        new SiteCapacity(8, 32), new EnergyProfile(100, 300, 1.5, 450));

    private static readonly ImmutableArray<Site> Sites = [NewSite("tokyo", 35.68, 139.77), NewSite("osaka", 34.69, 135.50), NewSite("sapporo", 43.06, 141.35)];

    [Theory]
    [InlineData("tokyo", "osaka")]
    [InlineData("osaka", "tokyo")]
    public void RttMs_MeasuredPairListedInEitherOrder_OverridesTheModelBothWays(string a, string b)
    {
        var table = new SiteLatencyTable(new Topology("t", Sites, [new MeasuredRtt(a, b, 7.5)]), FittedLatencyModel.Default);

        Assert.Equal(7.5, table.RttMs(0, 1));
        Assert.Equal(7.5, table.RttMs(1, 0));
        Assert.Equal(1, table.MeasuredPairs);
    }

    [Fact]
    public void RttMs_UnlistedPair_IsTheModel()
    {
        var table = new SiteLatencyTable(new Topology("t", Sites, [new MeasuredRtt("tokyo", "osaka", 7.5)]), FittedLatencyModel.Default);

        Assert.Equal(FittedLatencyModel.Default.RttMs(Sites[0].Location, Sites[2].Location), table.RttMs(0, 2));
        Assert.Equal(FittedLatencyModel.Default.RttMs(Sites[2].Location, Sites[1].Location), table.RttMs(2, 1));
        Assert.Equal(PhysicalBoundLatencyModel.Instance.RttMs(Sites[0].Location, Sites[2].Location),
            new SiteLatencyTable(new Topology("t", Sites), PhysicalBoundLatencyModel.Instance).RttMs(0, 2));
    }

    [Theory]
    [InlineData("tokyo", "nagoya", 5)]
    [InlineData("tokyo", "osaka", double.NaN)]
    [InlineData("tokyo", "osaka", -1)]
    public void Constructor_BadMeasuredRtt_ThrowsNamingThePair(string a, string b, double rtt)
    {
        var topology = new Topology("t", Sites, [new MeasuredRtt(a, b, rtt)]);

        var e = Assert.Throws<ArgumentException>(() => new SiteLatencyTable(topology, FittedLatencyModel.Default));
        Assert.Contains($"{a}–{b}", e.Message, StringComparison.Ordinal);
    }
}
