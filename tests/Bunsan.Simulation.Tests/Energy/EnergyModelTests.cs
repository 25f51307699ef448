using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Simulation.Energy;

namespace Bunsan.Simulation.Tests.Energy;

public sealed class EnergyModelTests
{
    private static Site SiteWith(double idleW, double peakW, int cores, double pue, double gramsPerKWh) =>
        new("s", "S", new GeoPoint(35, 139), SiteTier.Edge, "JP", new FailureDomains("tokyo", "kanto"),
            new SiteCapacity(cores, 64), new EnergyProfile(idleW, peakW, pue, gramsPerKWh));

    [Fact]
    public void ComputeJoules_HandComputed_MarginalPowerTimesTimeTimesPue()
    {
        var site = SiteWith(idleW: 100, peakW: 300, cores: 10, pue: 1.5, gramsPerKWh: 450);

        // (300 - 100) W / 10 cores = 20 W per core; x 2 cores x 0.5 s x 1.5 = 30 J.
        Assert.Equal(30, new EnergyModel().ComputeJoules(site, execMs: 500, cores: 2), 12);
    }

    [Fact]
    public void ComputeJoules_FullIdleShare_AddsIdlePowerPerCore()
    {
        var site = SiteWith(idleW: 100, peakW: 300, cores: 10, pue: 1.5, gramsPerKWh: 450);
        var model = new EnergyModel(new EnergyModelOptions { IdleShare = 1 });

        // (200 + 100) W / 10 = 30 W per core; x 2 x 0.5 s x 1.5 = 45 J.
        Assert.Equal(45, model.ComputeJoules(site, 500, 2), 12);
    }

    [Fact]
    public void NetworkJoules_OneGigabyteIn2025_AslanIntensityHalvedFiveTimes()
    {
        var model = new EnergyModel();

        // 0.06 kWh/GB (2015) / 2^5 = 0.001875 kWh = 6,750 J, whatever the distance by default.
        Assert.Equal(6750, model.NetworkJoules(1e9, 0), 9);
        Assert.Equal(6750, model.NetworkJoules(1e9, 800), 9);
        Assert.Equal(6.75e-6, model.NetworkJoulesPerByte, 15);
    }

    [Fact]
    public void NetworkJoules_DistanceTerm_AddsJoulesPerGigabyteKilometre()
    {
        var model = new EnergyModel(new EnergyModelOptions { NetworkYear = 2015, NetworkJoulesPerGBKm = 10 });

        // 0.5 GB x (0.06 kWh/GB x 3.6e6 J/kWh) = 108,000 J, + 0.5 GB x 100 km x 10 J = 500 J.
        Assert.Equal(108_500, model.NetworkJoules(5e8, 100), 6);
    }

    [Fact]
    public void AslanKWhPerGB_EveryTwoYears_Halves()
    {
        Assert.Equal(0.06, EnergyModelOptions.AslanKWhPerGB(2015), 12);
        Assert.Equal(0.03, EnergyModelOptions.AslanKWhPerGB(2017), 12);
        Assert.Equal(0.001875, EnergyModelOptions.AslanKWhPerGB(2025), 12);
    }

    [Fact]
    public void CarbonGrams_OneKilowattHour_GridIntensity()
    {
        var site = SiteWith(100, 300, 10, 1.5, gramsPerKWh: 450);

        Assert.Equal(450, new EnergyModel().CarbonGrams(site, 3.6e6), 9);
        Assert.Equal(0.125, new EnergyModel().CarbonGrams(site, 1000), 9);
    }
}
