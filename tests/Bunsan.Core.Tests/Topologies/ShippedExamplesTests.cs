using Bunsan.Core.Functions;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Tests;

namespace Bunsan.Core.Tests.Topologies;

/// <summary>The files shipped in examples/ must load, and must say what their comments claim.</summary>
public sealed class ShippedExamplesTests
{
    private static Topology LoadJapan()
    {
        string path = Path.Combine(SharedData.RepoRoot, "examples", "topologies", "japan.yaml");
        TopologyParseResult result = TopologyFile.Parse(File.ReadAllText(path), path);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Topology!;
    }

    private static FunctionCatalogParseResult LoadFunctions()
    {
        string path = Path.Combine(SharedData.RepoRoot, "examples", "functions.yaml");
        return FunctionCatalogFile.Parse(File.ReadAllText(path), path);
    }

    [Fact]
    public void JapanTopology_Loads_WithOneEdgeSitePerPrefecture()
    {
        Topology japan = LoadJapan();

        Assert.Equal("japan", japan.Name);
        var edges = japan.Sites.Where(s => s.Tier == SiteTier.Edge).ToList();
        Assert.Equal(47, edges.Count);
        Assert.Equal(47, edges.Select(s => s.Domains.Metro).Distinct().Count());
        Assert.All(edges, s => Assert.InRange(s.Capacity.Cores, 8, 32));
        Assert.Empty(TopologyValidator.Validate(japan));
    }

    [Fact]
    public void JapanTopology_HasEveryTierRegionAndAForeignJurisdiction()
    {
        Topology japan = LoadJapan();

        Assert.Equal(Enum.GetValues<SiteTier>(), japan.Sites.Select(s => s.Tier).Distinct().Order());
        Assert.Equal(
            ["chubu", "chugoku", "hokkaido", "kansai", "kanto", "korea", "kyushu", "okinawa", "shikoku", "tohoku"],
            japan.Sites.Select(s => s.Domains.Region).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(japan.Sites, s => s.Jurisdiction == "KR");
        Assert.All(japan.Sites.Where(s => s.Tier == SiteTier.Core), s => Assert.True(s.Domains.Region is "kanto" or "kansai", s.Id));
    }

    [Fact]
    public void JapanTopology_DataCentreCores_SplitLikeJapansFloorSpace()
    {
        Topology japan = LoadJapan();
        var dataCentres = japan.Sites.Where(s => s.Tier != SiteTier.Edge && s.Jurisdiction == "JP").ToList();
        double total = dataCentres.Sum(s => s.Capacity.Cores);
        double kanto = dataCentres.Where(s => s.Domains.Region == "kanto").Sum(s => s.Capacity.Cores);
        double osaka = dataCentres.Where(s => s.Domains.Metro == "osaka").Sum(s => s.Capacity.Cores);

        // JDCC 2019: ~71% of server-room floor space in Kanto, ~14% in Osaka.
        Assert.InRange(kanto / total, 0.68, 0.74);
        Assert.InRange(osaka / total, 0.11, 0.17);
    }

    [Fact]
    public void JapanTopology_MeasuredRtts_JoinTokyoOsakaAndSapporo()
    {
        Topology japan = LoadJapan();

        var tokyoOsaka = Assert.Single(japan.MeasuredRtts, r => r.SiteA == "core-tokyo" && r.SiteB == "core-osaka");
        Assert.Equal(8.24, tokyoOsaka.RttMs);
        Assert.Contains(japan.MeasuredRtts, r => r.SiteB == "regional-sapporo" && r.RttMs == 18.3);
        Assert.Contains(japan.MeasuredRtts, r => r.SiteB == "regional-sapporo" && r.RttMs == 23.1);
    }

    [Fact]
    public void ExampleFunctions_Load_WithEveryLatencyClassAndACustomBudget()
    {
        FunctionCatalogParseResult result = LoadFunctions();

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var classes = result.Functions.Select(f => f.Class.Name).ToHashSet();
        Assert.All(LatencyClass.Named, c => Assert.Contains(c.Name, classes));
        Assert.Contains(result.Functions, f => !LatencyClass.Named.Contains(f.Class));
        Assert.Contains(result.Functions, f => f.Residency.IsEmpty);
        Assert.True(result.Functions.Count(f => f.Residency.SequenceEqual(["JP"])) > result.Functions.Length / 2);
    }

    [Fact]
    public void ExampleFunctions_RealtimeP99_LeavesMostOfTheBudgetForTheNetwork()
    {
        FunctionCatalogParseResult result = LoadFunctions();

        // An edge site ~300 km away costs ~3 ms of round trip in fibre; p99 must leave room for it and queueing.
        Assert.All(result.Functions.Where(f => f.Class == LatencyClass.Realtime), f => Assert.True(f.Execution.P99Ms <= 3.0, f.Name));
    }
}
