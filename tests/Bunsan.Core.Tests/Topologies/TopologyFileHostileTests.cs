using System.Text;
using Bunsan.Core.Topologies;

namespace Bunsan.Core.Tests.Topologies;

/// <summary>Hostile and mistaken topology files: each must fail with an error naming the site, the field and the fix, never throw.</summary>
public sealed class TopologyFileHostileTests
{
    private const string Site0 = """
          - id: core-tokyo
            location: { lat: 35.6895, lon: 139.6917 }
            tier: core
            jurisdiction: JP
            metro: tokyo
            region: kanto
            capacity: { cores: 4096, memory_gib: 32768 }
            energy: { idle_w: 14000, peak_w: 36000, pue: 1.4, grid_carbon_g_per_kwh: 450 }
        """;

    private const string Site1 = """
          - id: edge-aomori
            location: { lat: 40.8246, lon: 140.7406 }
            tier: edge
            jurisdiction: JP
            metro: aomori
            region: tohoku
            capacity: { cores: 16, memory_gib: 64 }
            energy: { idle_w: 80, peak_w: 190, pue: 1.8, grid_carbon_g_per_kwh: 480 }
        """;

    private const string Valid = "sites:\n" + Site0 + "\n" + Site1 + "\nmeasured_rtt:\n  - { a: core-tokyo, b: edge-aomori, rtt_ms: 12.5 }\n";

    [Fact]
    public void Parse_BaselineOfTheseTests_IsValid()
    {
        Assert.True(TopologyFile.Parse(Valid, "t.yaml").Succeeded);
    }

    [Theory]
    // missing required fields
    [InlineData("    metro: aomori\n", "", "sites[1] (edge-aomori): metro is missing: add text")]
    [InlineData("  - id: edge-aomori\n    location", "  - location", "sites[1]: id is missing: add text")]
    [InlineData("    capacity: { cores: 16, memory_gib: 64 }\n", "", "sites[1] (edge-aomori): capacity is missing: add a mapping of fields")]
    [InlineData("{ cores: 16, memory_gib: 64 }", "{ cores: 16 }", "sites[1] (edge-aomori): capacity.memory_gib is missing: add a number")]
    [InlineData("    metro: aomori", "    metro:", "sites[1] (edge-aomori): metro is missing: add text")]
    // unknown fields (typos)
    [InlineData("memory_gib: 64", "memory_gb: 64", "sites[1] (edge-aomori): capacity.memory_gb is not a known field: did you mean 'memory_gib'?")]
    [InlineData("    tier: edge\n", "    tier: edge\n    tire: edge\n", "sites[1] (edge-aomori): tire is not a known field: did you mean 'tier'?")]
    [InlineData("sites:\n", "colour: blue\nsites:\n", "colour is not a known field: remove it or use one of: name, sites, measured_rtt")]
    [InlineData("sites:\n", "name: \"\"\nsites:\n", "name is empty: write a name or leave the field out")]
    // duplicate ids
    [InlineData("id: edge-aomori", "id: core-tokyo", "sites[1] (core-tokyo): id 'core-tokyo' is already used by sites[0]: give every site its own id")]
    // coordinates
    [InlineData("lat: 40.8246", "lat: .nan", "sites[1] (edge-aomori): location.lat is NaN: use a number from -90 to 90")]
    [InlineData("lat: 40.8246", "lat: NaN", "sites[1] (edge-aomori): location.lat is NaN: use a number from -90 to 90")]
    [InlineData("lon: 140.7406", "lon: .inf", "sites[1] (edge-aomori): location.lon is Infinity: use a number from -180 to 180")]
    [InlineData("lon: 140.7406", "lon: -Infinity", "sites[1] (edge-aomori): location.lon is -Infinity: use a number from -180 to 180")]
    [InlineData("lat: 40.8246", "lat: 91", "sites[1] (edge-aomori): location.lat is 91: use a number from -90 to 90")]
    [InlineData("lon: 140.7406", "lon: 540.7", "sites[1] (edge-aomori): location.lon is 540.7: use a number from -180 to 180")]
    [InlineData("lon: 140.7406 }", "lon: 140.7406, alt_m: 1e7 }", "sites[1] (edge-aomori): location.alt_m is 10000000: use a number from -500 to 9000")]
    // capacity
    [InlineData("cores: 16,", "cores: 0,", "sites[1] (edge-aomori): capacity.cores is 0: use a whole number from 1 to 10000000")]
    [InlineData("cores: 16,", "cores: 4.5,", "sites[1] (edge-aomori): capacity.cores is 4.5: use a whole number from 1 to 10000000")]
    [InlineData("cores: 16,", "cores: 99999999999999999999999,", "sites[1] (edge-aomori): capacity.cores is 1E+23: use a whole number from 1 to 10000000")]
    [InlineData("memory_gib: 64", "memory_gib: -1", "sites[1] (edge-aomori): capacity.memory_gib is -1: use a number > 0 and <= 1000000000")]
    [InlineData("memory_gib: 64", "memory_gib: 0", "sites[1] (edge-aomori): capacity.memory_gib is 0: use a number > 0 and <= 1000000000")]
    // tiers, health, jurisdiction
    [InlineData("tier: edge", "tier: fog", "sites[1] (edge-aomori): tier 'fog' is not valid: use one of edge, regional, core, cloud")]
    [InlineData("    tier: edge\n", "    tier: edge\n    health: sick\n", "sites[1] (edge-aomori): health 'sick' is not valid: use one of healthy, degraded, down")]
    [InlineData("jurisdiction: JP\n    metro: aomori", "jurisdiction: JPN\n    metro: aomori", "sites[1] (edge-aomori): jurisdiction 'JPN' is not an ISO 3166-1 alpha-2 code: use two uppercase letters, e.g. JP")]
    [InlineData("jurisdiction: JP\n    metro: aomori", "jurisdiction: jp\n    metro: aomori", "sites[1] (edge-aomori): jurisdiction 'jp' is not an ISO 3166-1 alpha-2 code")]
    // energy
    [InlineData("pue: 1.8", "pue: 0.95", "sites[1] (edge-aomori): energy.pue is 0.95: use a number from 1 to 5")]
    [InlineData("peak_w: 190", "peak_w: 50", "sites[1] (edge-aomori): energy.peak_w is 50, below idle_w 80: a site draws at least as much at full load as idle")]
    [InlineData("grid_carbon_g_per_kwh: 480", "grid_carbon_g_per_kwh: -5", "sites[1] (edge-aomori): energy.grid_carbon_g_per_kwh is -5: use a number from 0 to 2000")]
    [InlineData("idle_w: 80", "idle_w: -80", "sites[1] (edge-aomori): energy.idle_w is -80: use a number from 0 to 1000000000")]
    // measured RTT
    [InlineData("b: edge-aomori", "b: edge-mars", "measured_rtt[0]: b 'edge-mars' is not a site id: use the id of a site listed in sites")]
    [InlineData("rtt_ms: 12.5", "rtt_ms: 0", "measured_rtt[0]: rtt_ms is 0: use a number of milliseconds > 0 and <= 10000")]
    [InlineData("rtt_ms: 12.5", "rtt_ms: .nan", "measured_rtt[0]: rtt_ms is NaN: use a number of milliseconds > 0 and <= 10000")]
    [InlineData("b: edge-aomori", "b: core-tokyo", "measured_rtt[0]: b is the same site as a ('core-tokyo'): a measured RTT joins two different sites")]
    [InlineData("rtt_ms: 12.5 }\n", "rtt_ms: 12.5 }\n  - { a: edge-aomori, b: core-tokyo, rtt_ms: 13 }\n", "measured_rtt[1]: a/b pair 'edge-aomori'/'core-tokyo' is already measured in measured_rtt[0]: keep one")]
    [InlineData("rtt_ms: 12.5", "rtt_ms: 1.5", "measured_rtt[0]: rtt_ms is 1.5, below the 5.783 ms that light in fibre needs for the 578 km between the sites: check the value and the pair")]
    // wrong types
    [InlineData("cores: 16,", "cores: lots,", "sites[1] (edge-aomori): capacity.cores is 'lots', not a number: write a number without quotes")]
    [InlineData("cores: 16,", "cores: \"16\",", "sites[1] (edge-aomori): capacity.cores is the quoted text \"16\", not a number: write a number without quotes")]
    [InlineData("location: { lat: 40.8246, lon: 140.7406 }", "location: aomori", "sites[1] (edge-aomori): location is 'aomori': write a mapping of fields, e.g. { key: value }")]
    [InlineData("tier: edge", "tier: [edge]", "sites[1] (edge-aomori): tier is a list: write text")]
    [InlineData("  - id: edge-aomori", "  - id: edge aomori", "sites[1]: id 'edge aomori' has the character ' ': use only letters, digits, '.', '-' or '_'")]
    [InlineData("  - id: edge-aomori", "  - id: \"edge\\taomori\"", "sites[1]: id 'edge\\u0009aomori' has the character '\\u0009': use only letters")]
    public void Parse_HostileEdit_ReportsTheProblem(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        string yaml = Valid.Replace(find, replace, StringComparison.Ordinal);

        TopologyParseResult result = TopologyFile.Parse(yaml, "t.yaml");

        Assert.False(result.Succeeded);
        Assert.Null(result.Topology);
        Assert.True(
            result.Errors.Any(e => e.Contains(expected, StringComparison.Ordinal) && e.StartsWith("t.yaml:", StringComparison.Ordinal)),
            string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("", "t.yaml: is empty: write a YAML or JSON document")]
    [InlineData("   \n  ", "t.yaml: is empty: write a YAML or JSON document")]
    [InlineData("~\n", "t.yaml: is empty: write a YAML or JSON document")]
    [InlineData("sites: []\n", "t.yaml:1:8: sites is empty: list at least one site")]
    [InlineData("name: x\n", "t.yaml:1:1: sites is missing: add a list")]
    [InlineData("sites: {}\n", "t.yaml:1:8: sites is a mapping: write a list, one '- ' item per line or [a, b]")]
    [InlineData("- a\n- b\n", "t.yaml:1:1: the document is not a mapping: start with keys such as 'name:' and list items under them")]
    [InlineData("sites: [\n  { id: a,\n", "t.yaml:3:1: is not valid YAML or JSON:")]
    [InlineData("sites:\n  - id: a\n   tier: edge\n", "t.yaml:3:4: is not valid YAML or JSON:")]
    [InlineData("{\"sites\": [1, 2}", "t.yaml:1:16: is not valid YAML or JSON:")]
    [InlineData("sites: []\n---\nsites: []\n", "t.yaml:2:1: holds more than one YAML document: keep one (remove the '---' separators)")]
    [InlineData("sites: []\nsites: []\n", "t.yaml:2:1: is not valid YAML or JSON: the key 'sites' appears twice in one mapping: keep one")]
    [InlineData("sites: [1]\n", "t.yaml:1:9: sites[0]: is '1': write a mapping with id, location, tier, ...")]
    [InlineData("sites:\n  - &s { id: a }\n  - *s\n", "t.yaml:3:5: uses the alias *s: aliases are not supported, write the value out")]
    public void Parse_BrokenDocument_ReportsWhere(string text, string expectedStart)
    {
        TopologyParseResult result = TopologyFile.Parse(text, "t.yaml");

        Assert.False(result.Succeeded);
        Assert.True(result.Errors.Any(e => e.StartsWith(expectedStart, StringComparison.Ordinal)), string.Join("\n", result.Errors));
    }

    [Fact]
    public void Parse_NullText_ReportsEmpty()
    {
        Assert.Equal(["t.yaml: is empty: write a YAML or JSON document"], TopologyFile.Parse(null, "t.yaml").Errors);
    }

    [Fact]
    public void Parse_HundredThousandLevelsOfNesting_FailsWithoutOverflowingTheStack()
    {
        string text = "sites: " + new string('[', 100_000) + new string(']', 100_000);

        TopologyParseResult result = TopologyFile.Parse(text, "deep.yaml");

        Assert.Contains("nests deeper than 64 levels", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MegabyteId_IsShortenedInTheError()
    {
        string yaml = Valid.Replace("id: edge-aomori", "id: " + new string('x', 1_000_000), StringComparison.Ordinal);

        TopologyParseResult result = TopologyFile.Parse(yaml, "t.yaml");

        string error = result.Errors[0];
        Assert.Contains("is 1000000 characters long: use at most 128", error, StringComparison.Ordinal);
        Assert.True(error.Length < 300, error);
    }

    [Fact]
    public void Parse_TenThousandBadSites_CapsTheReportAndCountsTheRest()
    {
        var text = new StringBuilder("sites:\n");
        for (int i = 0; i < 10_000; i++)
        {
            text.Append("  - { id: s").Append(i).Append(" }\n");
        }

        TopologyParseResult result = TopologyFile.Parse(text.ToString(), "many.yaml");

        // Each site lacks 7 required fields: 70,000 problems, 200 shown and one line counting the rest.
        Assert.Equal(201, result.Errors.Length);
        Assert.Equal("many.yaml: ... and 69800 more errors not shown: fix the ones above first", result.Errors[^1]);
    }

    [Fact]
    public void Parse_TooLongText_IsRejectedBeforeParsing()
    {
        string text = new('#', 64 * 1024 * 1024 + 1);

        TopologyParseResult result = TopologyFile.Parse(text, "huge.yaml");

        Assert.Equal(["huge.yaml: is 67108865 characters long: the limit is 67108864; split the file"], result.Errors);
    }
}
