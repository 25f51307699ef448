using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.Core.Tests.Topologies;

public sealed class SyntheticTopologyTests
{
    [Fact]
    public void Generate_SameSeed_GivesIdenticalSites()
    {
        Topology first = SyntheticTopology.Generate(2_000, seed: 7);
        Topology second = SyntheticTopology.Generate(2_000, seed: 7);

        Assert.Equal(first.Name, second.Name);
        Assert.Equal(first.Sites, second.Sites);
    }

    [Fact]
    public void Generate_DifferentSeeds_GiveDifferentSites()
    {
        Topology first = SyntheticTopology.Generate(500, seed: 1);
        Topology second = SyntheticTopology.Generate(500, seed: 2);

        Assert.NotEqual(first.Sites.Select(s => s.Location), second.Sites.Select(s => s.Location));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10_000)]
    public void Generate_Count_GivesThatManyUniqueValidSites(int count)
    {
        Topology topology = SyntheticTopology.Generate(count, seed: 42);

        Assert.Equal(count, topology.Sites.Length);
        Assert.Equal(count, topology.Sites.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(TopologyValidator.Validate(topology));
    }

    [Fact]
    public void Generate_TenThousand_MixesTiersJurisdictionsAndDomains()
    {
        Topology topology = SyntheticTopology.Generate(10_000, seed: 3);
        var byTier = topology.Sites.GroupBy(s => s.Tier).ToDictionary(g => g.Key, g => g.Count());

        Assert.InRange(byTier[SiteTier.Edge], 8_500, 9_500);
        Assert.InRange(byTier[SiteTier.Regional], 500, 900);
        Assert.InRange(byTier[SiteTier.Core], 80, 250);
        Assert.InRange(byTier[SiteTier.Cloud], 80, 250);
        Assert.All(topology.Sites.Where(s => s.Tier == SiteTier.Core), s => Assert.True(s.Domains.Metro is "tokyo" or "osaka", s.Id));
        Assert.Contains(topology.Sites, s => s.Jurisdiction == "KR");
        Assert.InRange(topology.Sites.Count(s => s.Jurisdiction != "JP"), 50, 200);
        Assert.Equal(9 + 2, topology.Sites.Select(s => s.Domains.Region).Distinct().Count());
        Assert.True(topology.Sites.Select(s => s.Domains.Metro).Distinct().Count() > 90);
    }

    [Fact]
    public void Generate_JapaneseSites_LieWithinJapansBoundingBox()
    {
        Topology topology = SyntheticTopology.Generate(10_000, seed: 5);

        // Japan spans ~20–46 °N and ~122–154 °E; jitter must not fling sites far outside it.
        Assert.All(topology.Sites.Where(s => s.Jurisdiction == "JP"), s =>
        {
            Assert.InRange(s.Location.Latitude, 23.0, 46.5);
            Assert.InRange(s.Location.Longitude, 122.0, 146.5);
        });
    }

    [Fact]
    public void Generate_EdgeSites_AreSmallerAndLessEfficientThanCoreSites()
    {
        Topology topology = SyntheticTopology.Generate(5_000, seed: 9);
        var edge = topology.Sites.Where(s => s.Tier == SiteTier.Edge).ToList();
        var core = topology.Sites.Where(s => s.Tier == SiteTier.Core).ToList();

        Assert.True(edge.Max(s => s.Capacity.Cores) < core.Min(s => s.Capacity.Cores));
        Assert.True(edge.Min(s => s.Energy.Pue) > core.Max(s => s.Energy.Pue));
    }

    [Fact]
    public void Generate_ZeroSites_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticTopology.Generate(0, seed: 1));
    }
}
