using Bunsan.Core.Geo;
using Bunsan.Core.Sites;

namespace Bunsan.Agent.Tests;

public sealed class GatewayEstimatesCarryTests
{
    [Fact]
    public void PreviousIndexOf_MatchesSitesById_NewOnesGetMinusOne()
    {
        Site[] before = [At("sapporo"), At("osaka"), At("naha")];
        Site[] after = [At("osaka"), At("kyoto"), At("sapporo")]; // naha left, kyoto joined, order changed

        Assert.Equal([1, -1, 0], Gateway.PreviousIndexOf(before, after));
    }

    [Fact]
    public void PreviousIndexOf_NoSitesBefore_AllNew() =>
        Assert.Equal([-1, -1], Gateway.PreviousIndexOf([], [At("a"), At("b")]));

    private static Site At(string id) => new(id, id, new GeoPoint(35, 135), SiteTier.Edge, "JP", new FailureDomains(id, id),
        new SiteCapacity(2, 8), new EnergyProfile(10, 24, 1.6, 450));
}
