using Bunsan.Emulation.Load;
using Bunsan.Simulation.Engine;

namespace Bunsan.Emulation.Tests.Load;

/// <summary>A regional burst multiplies the requests from inside its circle and window, and nothing else.</summary>
public sealed class RegionalBurstTests
{
    private static readonly Uri Somewhere = new("http://127.0.0.1:7101");

    [Fact]
    public void ApplyTo_MultipliesOnlyTheRegionsRequestsInTheWindow()
    {
        using var federation = new TestFederation(
            [new("tokyo", TestFederation.TokyoPoint.Latitude, TestFederation.TokyoPoint.Longitude, Somewhere),
             new("osaka", TestFederation.OsakaPoint.Latitude, TestFederation.OsakaPoint.Longitude, Somewhere)],
            [("a", "realtime")], arrivals: 400, spanMs: 4000);
        SimulationScenario scenario = federation.Scenario(TestFederation.TokyoPoint, TestFederation.OsakaPoint);
        Assert.True(LoadPlan.TryCreate(scenario, out LoadPlan? plan, out string? error), error);
        var burst = new RegionalBurst(TestFederation.OsakaPoint, 50, 10, 1000, 3000);

        LoadPlan burstPlan = burst.ApplyTo(plan!, seed: 7);

        bool InOsaka(LoadPlan p, PlannedRequest r) => p.OriginLocation(r.Origin).DistanceKmTo(TestFederation.OsakaPoint) < 50;
        int burstSources = plan!.Requests.Count(r => InOsaka(plan, r) && r.TimeMs is >= 1000 and < 3000);
        Assert.True(burstSources > 0);
        Assert.Equal(plan.Requests.Length + 9 * burstSources, burstPlan.Requests.Length);
        Assert.Equal(plan.Requests.Count(r => !InOsaka(plan, r)), burstPlan.Requests.Count(r => !InOsaka(burstPlan, r)));
        Assert.Equal(plan.Requests.Count(r => InOsaka(plan, r) && r.TimeMs < 1000), burstPlan.Requests.Count(r => InOsaka(burstPlan, r) && r.TimeMs < 1000));
        Assert.True(burstPlan.Requests.Zip(burstPlan.Requests.Skip(1)).All(pair => pair.First.TimeMs <= pair.Second.TimeMs));
        Assert.Equal(burstPlan.Requests, burst.ApplyTo(plan!, seed: 7).Requests);
    }

    [Fact]
    public void ApplyTo_CopiesDrawTheirOwnExecutionTimes_FromThePlansTimesForTheFunction()
    {
        using var federation = new TestFederation(
            [new("osaka", TestFederation.OsakaPoint.Latitude, TestFederation.OsakaPoint.Longitude, Somewhere)],
            [("a", "realtime")], arrivals: 400, spanMs: 4000);
        SimulationScenario scenario = federation.Scenario(TestFederation.OsakaPoint);
        Assert.True(LoadPlan.TryCreate(scenario, out LoadPlan? plan, out string? error), error);
        var burst = new RegionalBurst(TestFederation.OsakaPoint, 50, 10, 1000, 3000);

        PlannedRequest[] window = [.. burst.ApplyTo(plan!, seed: 7).Requests.Where(r => r.TimeMs is >= 1000 and < 3000)];
        var planned = plan!.Requests.Select(r => r.ExecMs).ToHashSet();
        int sources = plan.Requests.Count(r => r.TimeMs is >= 1000 and < 3000);

        Assert.All(window, r => Assert.Contains(r.ExecMs, planned));
        // Identical copies would give each source's time ten times over: as many distinct times as sources.
        Assert.True(window.Select(r => r.ExecMs).Distinct().Count() > sources * 3 / 2, $"{sources} sources");
    }

    [Theory]
    [InlineData(0, 10, 0, 1, "radius")]
    [InlineData(10, 0.5, 0, 1, "factor")]
    [InlineData(10, 2, 5, 5, "window")]
    public void Validate_BadBurst_NamesTheField(double radius, double factor, double from, double to, string field)
    {
        var burst = new RegionalBurst(TestFederation.OsakaPoint, radius, factor, from, to);

        Assert.Contains(burst.Validate(), e => e.Contains(field, StringComparison.Ordinal));
    }
}
