using Bunsan.Core.Topologies;

namespace Bunsan.Core.Tests.Topologies;

/// <summary>A site's optional agent endpoint: read, written back, and hostile values refused with the field named.</summary>
public sealed class SiteEndpointTests
{
    private static string WithEndpoint(string endpointLine) => $$"""
        sites:
          - id: edge-sendai
            location: { lat: 38.2682, lon: 140.8694 }
            tier: edge
            jurisdiction: JP
            metro: sendai
            region: tohoku
            capacity: { cores: 8, memory_gib: 32 }
            energy: { idle_w: 80, peak_w: 190, pue: 1.5, grid_carbon_g_per_kwh: 480 }
        {{endpointLine}}
        """;

    [Fact]
    public void Parse_Endpoint_IsKeptAndFormattedBack()
    {
        TopologyParseResult result = TopologyFile.Parse(WithEndpoint("    endpoint: http://127.0.0.1:7101"), "t.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(new Uri("http://127.0.0.1:7101"), result.Topology!.Sites[0].Endpoint);
        TopologyParseResult again = TopologyFile.Parse(TopologyFile.Format(result.Topology), "again.yaml");
        Assert.Equal(result.Topology.Sites[0], again.Topology!.Sites[0]);
    }

    [Fact]
    public void Parse_NoEndpoint_LeavesItNull()
    {
        TopologyParseResult result = TopologyFile.Parse(WithEndpoint(""), "t.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Null(result.Topology!.Sites[0].Endpoint);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:7101", "is not an http(s) URL")]
    [InlineData("127.0.0.1:7101", "is not an http(s) URL")]
    [InlineData("file:///etc/passwd", "is not an http(s) URL")]
    [InlineData("http://user:secret@127.0.0.1:7101", "has more than scheme, host and port")]
    [InlineData("http://127.0.0.1:7101/v1/invoke", "has more than scheme, host and port")]
    [InlineData("http://127.0.0.1:7101/?x=1", "has more than scheme, host and port")]
    [InlineData("http://127.0.0.1:99999", "is not an http(s) URL")]
    [InlineData("\"\"", "is not an http(s) URL")]
    public void Parse_HostileEndpoint_FailsNamingTheFieldAndFix(string endpoint, string problem)
    {
        TopologyParseResult result = TopologyFile.Parse(WithEndpoint("    endpoint: " + endpoint), "t.yaml");

        Assert.False(result.Succeeded);
        string error = Assert.Single(result.Errors);
        Assert.Contains("sites[0] (edge-sendai): endpoint ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains("e.g. http://127.0.0.1:7101", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeEndpoint_FailsWithItsLength()
    {
        string huge = "http://" + new string('a', 600) + ".example";

        TopologyParseResult result = TopologyFile.Parse(WithEndpoint("    endpoint: " + huge), "t.yaml");

        Assert.Contains("endpoint is 615 characters long: use at most 512", Assert.Single(result.Errors), StringComparison.Ordinal);
    }
}
