using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Core.Tests.Topologies;

public sealed class TopologyValidatorTests
{
    private static readonly Site Tokyo = new(
        "core-tokyo", "Tokyo core", new GeoPoint(35.6895, 139.6917), SiteTier.Core, "JP", new("tokyo", "kanto"),
        new SiteCapacity(4096, 32768), new EnergyProfile(14000, 36000, 1.4, 450));

    private static readonly Site Osaka = Tokyo with { Id = "core-osaka", Location = new GeoPoint(34.6863, 135.5197), Domains = new("osaka", "kansai") };

    [Fact]
    public void Validate_SoundTopology_HasNoErrors()
    {
        var topology = new Topology("t", [Tokyo, Osaka], [new MeasuredRtt("core-tokyo", "core-osaka", 8.24)]);

        Assert.Empty(TopologyValidator.Validate(topology));
    }

    [Fact]
    public void Validate_SiteBuiltInCode_NamesEachBadFieldAsAFileWould()
    {
        Site bad = Tokyo with
        {
            Location = new GeoPoint(double.NaN, 139.7),
            Jurisdiction = "Japan",
            Capacity = new SiteCapacity(-4, 0),
            Energy = new EnergyProfile(500, 100, 0.8, -1),
            Tier = (SiteTier)9,
        };

        var errors = TopologyValidator.Validate(new Topology("t", [Osaka, bad]));

        Assert.Equal(
            [
                "sites[1] (core-tokyo): location.lat is NaN: use a number from -90 to 90",
                "sites[1] (core-tokyo): tier is 9: use edge, regional, core or cloud",
                "sites[1] (core-tokyo): jurisdiction 'Japan' is not an ISO 3166-1 alpha-2 code: use two uppercase letters, e.g. JP",
                "sites[1] (core-tokyo): capacity.cores is -4: use a whole number from 1 to 10000000",
                "sites[1] (core-tokyo): capacity.memory_gib is 0: use a number > 0 and <= 1000000000",
                "sites[1] (core-tokyo): energy.peak_w is 100, below idle_w 500: a site draws at least as much at full load as idle",
                "sites[1] (core-tokyo): energy.pue is 0.8: use a number from 1 to 5",
                "sites[1] (core-tokyo): energy.grid_carbon_g_per_kwh is -1: use a number from 0 to 2000",
            ],
            errors);
    }

    [Fact]
    public void Validate_RttFasterThanLight_IsRejected()
    {
        var topology = new Topology("t", [Tokyo, Osaka], [new MeasuredRtt("core-tokyo", "core-osaka", 2.0), new MeasuredRtt("core-tokyo", "edge-x", 5)]);

        var errors = TopologyValidator.Validate(topology);

        Assert.Equal(2, errors.Length);
        Assert.StartsWith("measured_rtt[0]: rtt_ms is 2, below the 3.952 ms", errors[0], StringComparison.Ordinal);
        Assert.Equal("measured_rtt[1]: b 'edge-x' is not a site id: use the id of a site in sites", errors[1]);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://user:secret@127.0.0.1:7101")]
    [InlineData("http://127.0.0.1:7101/v1/invoke")]
    public void Validate_EndpointBeyondSchemeHostPort_IsRejected(string endpoint)
    {
        var topology = new Topology("t", [Tokyo with { Endpoint = new Uri(endpoint) }]);

        Assert.StartsWith("sites[0] (core-tokyo): endpoint ", Assert.Single(TopologyValidator.Validate(topology)), StringComparison.Ordinal);
    }
}
