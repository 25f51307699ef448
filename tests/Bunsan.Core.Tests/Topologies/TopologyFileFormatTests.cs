using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Core.Tests.Topologies;

public sealed class TopologyFileFormatTests
{
    [Theory]
    [InlineData(1, 11)]
    [InlineData(500, 12)]
    public void Format_SyntheticTopology_ParsesBackEqual(int siteCount, int seed)
    {
        Topology original = SyntheticTopology.Generate(siteCount, seed);

        TopologyParseResult result = TopologyFile.Parse(TopologyFile.Format(original), "synthetic.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors.Take(5)));
        Assert.Equal(original.Name, result.Topology!.Name);
        Assert.Equal(original.Sites, result.Topology.Sites);
    }

    [Fact]
    public void Format_AwkwardNamesHealthAndRtts_ParseBackEqual()
    {
        Site site = SyntheticTopology.Generate(1, seed: 1).Sites[0];
        var quirky = site with { Id = "a.b_c-1", Name = "名古屋 \"edge\": #1 \\ {x}", Health = SiteHealth.Degraded };
        var other = site with { Id = "no", Name = "null", Health = SiteHealth.Down };
        var original = new Topology("quirky", [quirky, other], [new MeasuredRtt("a.b_c-1", "no", 0.125)]);

        TopologyParseResult result = TopologyFile.Parse(TopologyFile.Format(original), "quirky.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(original.Sites, result.Topology!.Sites);
        Assert.Equal(original.MeasuredRtts, result.Topology.MeasuredRtts);
    }
}
