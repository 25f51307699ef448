using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Core.Tests.Topologies;

public sealed class TopologyFileTests
{
    private const string ValidYaml = """
        name: tiny
        sites:
          - id: core-tokyo
            name: Tokyo core
            location: { lat: 35.6895, lon: 139.6917, alt_m: 40 }
            tier: core
            jurisdiction: JP
            metro: tokyo
            region: kanto
            capacity: { cores: 4096, memory_gib: 32768 }
            energy: { idle_w: 14000, peak_w: 36000, pue: 1.4, grid_carbon_g_per_kwh: 450 }
          - id: edge-aomori
            location: { lat: 40.8246, lon: 140.7406 }
            tier: edge
            jurisdiction: JP
            metro: aomori
            region: tohoku
            capacity: { cores: 16, memory_gib: 64 }
            energy: { idle_w: 80, peak_w: 190, pue: 1.8, grid_carbon_g_per_kwh: 480 }
            health: degraded
        measured_rtt:
          - { a: core-tokyo, b: edge-aomori, rtt_ms: 12.5 }
        """;

    private const string ValidJson = """
        {
          "name": "tiny-json",
          "sites": [
            {
              "id": "core-osaka",
              "location": { "lat": 34.6863, "lon": 135.5197 },
              "tier": "core",
              "jurisdiction": "JP",
              "metro": "osaka",
              "region": "kansai",
              "capacity": { "cores": 1024, "memory_gib": 8192 },
              "energy": { "idle_w": 3500, "peak_w": 9000, "pue": 1.35, "grid_carbon_g_per_kwh": 350 }
            },
            {
              "id": "cloud-seoul",
              "location": { "lat": 37.5665, "lon": 126.978 },
              "tier": "cloud",
              "jurisdiction": "KR",
              "metro": "seoul",
              "region": "korea",
              "capacity": { "cores": 8192, "memory_gib": 65536 },
              "energy": { "idle_w": 24000, "peak_w": 65000, "pue": 1.2, "grid_carbon_g_per_kwh": 450 },
              "health": "down"
            }
          ],
          "measured_rtt": [ { "a": "core-osaka", "b": "cloud-seoul", "rtt_ms": 30.1 } ]
        }
        """;

    [Fact]
    public void Parse_ValidYaml_BuildsEveryField()
    {
        TopologyParseResult result = TopologyFile.Parse(ValidYaml, "tiny.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Topology topology = result.Topology!;
        Assert.Equal("tiny", topology.Name);
        Site tokyo = topology.Sites[0];
        Assert.Equal(new Site(
            "core-tokyo", "Tokyo core", new(35.6895, 139.6917, 40), SiteTier.Core, "JP", new("tokyo", "kanto"),
            new(4096, 32768), new(14000, 36000, 1.4, 450)), tokyo);
        Site aomori = topology.Sites[1];
        Assert.Equal("edge-aomori", aomori.Name);
        Assert.Equal(SiteHealth.Degraded, aomori.Health);
        Assert.Equal(0, aomori.Location.AltitudeM);
        Assert.Equal(new MeasuredRtt("core-tokyo", "edge-aomori", 12.5), Assert.Single(topology.MeasuredRtts));
    }

    [Fact]
    public void Parse_ValidJson_BuildsEveryField()
    {
        TopologyParseResult result = TopologyFile.Parse(ValidJson, "tiny.json");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Topology topology = result.Topology!;
        Assert.Equal("tiny-json", topology.Name);
        Assert.Equal(["core-osaka", "cloud-seoul"], topology.Sites.Select(s => s.Id));
        Assert.Equal(SiteTier.Cloud, topology.Sites[1].Tier);
        Assert.Equal("KR", topology.Sites[1].Jurisdiction);
        Assert.Equal(SiteHealth.Down, topology.Sites[1].Health);
        Assert.Equal(new EnergyProfile(3500, 9000, 1.35, 350), topology.Sites[0].Energy);
        Assert.Equal(30.1, Assert.Single(topology.MeasuredRtts).RttMs);
    }

    [Fact]
    public void Parse_NoName_TakesTheFileStem()
    {
        TopologyParseResult result = TopologyFile.Parse(ValidYaml.Replace("name: tiny\n", "", StringComparison.Ordinal), "examples/kyushu.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("kyushu", result.Topology!.Name);
    }

    [Fact]
    public void Parse_BadValue_NamesSourceLineSiteFieldAndFix()
    {
        string yaml = ValidYaml.Replace("cores: 16,", "cores: -4,", StringComparison.Ordinal);

        TopologyParseResult result = TopologyFile.Parse(yaml, "japan.yaml");

        Assert.False(result.Succeeded);
        Assert.Null(result.Topology);
        Assert.Equal("japan.yaml:18:24: sites[1] (edge-aomori): capacity.cores is -4: use a whole number from 1 to 10000000", Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_ManyProblems_ReportsAllOfThem()
    {
        string yaml = ValidYaml
            .Replace("lat: 35.6895", "lat: .nan", StringComparison.Ordinal)
            .Replace("tier: edge", "tier: fog", StringComparison.Ordinal)
            .Replace("pue: 1.8", "pue: 0.9", StringComparison.Ordinal)
            .Replace("jurisdiction: JP\n    metro: aomori", "jurisdiction: jp\n    metro: aomori", StringComparison.Ordinal);

        TopologyParseResult result = TopologyFile.Parse(yaml, "t.yaml");

        Assert.Collection(
            result.Errors,
            e => Assert.EndsWith("sites[0] (core-tokyo): location.lat is NaN: use a number from -90 to 90", e),
            e => Assert.EndsWith("sites[1] (edge-aomori): tier 'fog' is not valid: use one of edge, regional, core, cloud", e),
            e => Assert.EndsWith("sites[1] (edge-aomori): jurisdiction 'jp' is not an ISO 3166-1 alpha-2 code: use two uppercase letters, e.g. JP", e),
            e => Assert.EndsWith("sites[1] (edge-aomori): energy.pue is 0.9: use a number from 1 to 5", e));
    }

    [Fact]
    public void Parse_JsonWithTabsCrlfAndByteOrderMark_Succeeds()
    {
        string json = "\uFEFF" + ValidJson.Replace("  ", "\t", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);

        TopologyParseResult result = TopologyFile.Parse(json, "tabs.json");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(2, result.Topology!.Sites.Length);
    }
}
