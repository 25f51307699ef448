using Bunsan.Core.Functions;

namespace Bunsan.Agent.Tests;

public sealed class FederationLoaderTests
{
    private const string Topology = """
        sites:
          - { id: sendai, location: { lat: 38.2682, lon: 140.8694 }, tier: edge, jurisdiction: JP, metro: sendai, region: tohoku, capacity: { cores: 2, memory_gib: 8 }, energy: { idle_w: 80, peak_w: 190, pue: 1.5, grid_carbon_g_per_kwh: 480 } }
          - { id: fukuoka, location: { lat: 33.5904, lon: 130.4017 }, tier: edge, jurisdiction: JP, metro: fukuoka, region: kyushu, capacity: { cores: 2, memory_gib: 8 }, energy: { idle_w: 80, peak_w: 190, pue: 1.5, grid_carbon_g_per_kwh: 480 } }
        """;

    // Sendai and Fukuoka are ~1,100 km apart (RTT ~20 ms): a 10 ms function needs a replica at each.
    private const string Functions = """
        functions:
          - { name: near, class: realtime, module: echo.wat, execution: { p50_ms: 1, p99_ms: 2 }, resources: { cores: 1, memory_mib: 16 } }
          - { name: anywhere, class: batch, module: echo.wat, execution: { p50_ms: 1, p99_ms: 2 }, resources: { cores: 1, memory_mib: 16 } }
          - { name: unbuilt, class: batch, execution: { p50_ms: 1, p99_ms: 2 }, resources: { cores: 1, memory_mib: 16 } }
        """;

    [Fact]
    public void Load_EverySite_ComputesTheSamePlacement()
    {
        Federation sendai = FederationLoader.Load(Topology, "t.yaml", Functions, "f.yaml", "sendai").Federation!;
        Federation fukuoka = FederationLoader.Load(Topology, "t.yaml", Functions, "f.yaml", "fukuoka").Federation!;

        Assert.Equal([0, 1], sendai.Functions["near"].ReplicaSites.Order());
        foreach (string name in sendai.Functions.Keys)
        {
            Assert.Equal(sendai.Functions[name].ReplicaSites, fukuoka.Functions[name].ReplicaSites);
        }
    }

    [Fact]
    public void Load_FunctionWithoutModule_IsLeftOut()
    {
        Federation federation = FederationLoader.Load(Topology, "t.yaml", Functions, "f.yaml", "sendai").Federation!;

        Assert.False(federation.Functions.ContainsKey("unbuilt"));
    }

    [Fact]
    public void Load_UnknownSite_NamesSiteAndListsTheKnownOnes()
    {
        FederationLoadResult result = FederationLoader.Load(Topology, "t.yaml", Functions, "f.yaml", "osaka");

        Assert.Equal("--site", result.Field);
        Assert.Equal("'osaka' is not a site of t.yaml: use one of sendai, fukuoka", result.Error);
    }

    [Fact]
    public void Load_NoFunctionHasAModule_NamesFunctions()
    {
        FederationLoadResult result = FederationLoader.Load(Topology, "t.yaml", Functions.Split("\n  - { name: unbuilt")[0].Replace("module: echo.wat, ", "", StringComparison.Ordinal), "f.yaml", "sendai");

        Assert.Equal("--functions", result.Field);
        Assert.Contains("no function in f.yaml names a module", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void OneWayMs_IsHalfTheModelledRttAndZeroToItself()
    {
        Federation federation = FederationLoader.Load(Topology, "t.yaml", Functions, "f.yaml", "sendai").Federation!;

        Assert.Equal(0, federation.OneWayMs(0, 0));
        Assert.Equal(federation.Links.RttMs(0, 1) / 2, federation.OneWayMs(0, 1));
        Assert.InRange(federation.OneWayMs(0, 1), 5, 20);
    }

    [Fact]
    public void MeanExecutionMs_IsTheLognormalMeanAboveTheMedian()
    {
        // σ = ln(2)/2.326 = 0.298; mean = 10 · e^(σ²/2) = 10.45.
        Assert.Equal(10.454, FunctionRoute.MeanExecutionMs(new ExecutionTime(10, 20)), 3);
        Assert.Equal(10, FunctionRoute.MeanExecutionMs(new ExecutionTime(10, 10)), 9);
    }

    [Fact]
    public void TableFor_PolarOrigin_RoutesFromTheMapEdge()
    {
        Federation federation = FederationLoader.Load(Topology, "t.yaml", Functions, "f.yaml", "sendai").Federation!;

        var table = federation.Functions["near"].TableFor(new Core.Geo.GeoPoint(89.9, 140));

        Assert.Equal(2, table.SitesByRtt(0).Length);
    }
}
