using Bunsan.Emulation.Load;
using Bunsan.Simulation.Engine;

namespace Bunsan.Emulation.Tests.Load;

/// <summary>Which requests are sent where: the simulator's requests, each to its origin's nearest agent.</summary>
public sealed class LoadPlanTests
{
    private static readonly Uri Somewhere = new("http://127.0.0.1:7101");

    [Fact]
    public void TryCreate_SitesWithEndpoints_SendsEachOriginToItsNearestAgent()
    {
        TestSite[] sites = [
            new("tokyo", TestFederation.TokyoPoint.Latitude, TestFederation.TokyoPoint.Longitude, Somewhere),
            new("sapporo", TestFederation.SapporoPoint.Latitude, TestFederation.SapporoPoint.Longitude, Endpoint: null),
            new("osaka", TestFederation.OsakaPoint.Latitude, TestFederation.OsakaPoint.Longitude, new Uri("http://127.0.0.1:7102"))];
        using var federation = new TestFederation(sites, [("a", "realtime"), ("b", "control")], arrivals: 50, spanMs: 1000);
        SimulationScenario scenario = federation.Scenario(TestFederation.SapporoPoint, TestFederation.OsakaPoint);

        Assert.True(LoadPlan.TryCreate(scenario, out LoadPlan? plan, out string? error), error);

        Assert.Equal(["tokyo", "osaka"], plan!.Gateways.Select(g => g.Id));
        Assert.Equal(50, plan.Requests.Length);
        for (int i = 0; i < plan.Requests.Length; i++)
        {
            PlannedRequest request = plan.Requests[i];
            Assert.Equal(scenario.Draw(i, scenario.Arrivals[i].SourceIndex).Origin, request.Origin);
            Assert.Equal(scenario.Arrivals[i].TimeMs, request.TimeMs);
            Assert.Equal(scenario.SourceFunction[scenario.Arrivals[i].SourceIndex], request.Function);
            // Origin 0 is Sapporo, whose own site has no agent: Tokyo is the nearest that has one.
            Assert.Equal(request.Origin == 0 ? "tokyo" : "osaka", plan.Gateways[request.Gateway].Id);
            double rtt = scenario.Latency.RttMs(plan.OriginLocation(request.Origin), plan.Gateways[request.Gateway].Location);
            Assert.Equal(rtt / 2, request.OriginLegMs, 9);
        }
        Assert.Contains(plan.Requests, r => r.Origin == 0);
        Assert.Contains(plan.Requests, r => r.Origin == 1);
    }

    [Fact]
    public void TryCreate_NoSiteHasAnEndpoint_RefusedNamingTheFix()
    {
        TestSite[] sites = [new("tokyo", TestFederation.TokyoPoint.Latitude, TestFederation.TokyoPoint.Longitude, Endpoint: null)];
        using var federation = new TestFederation(sites, [("a", "realtime")], arrivals: 3, spanMs: 10);

        Assert.False(LoadPlan.TryCreate(federation.Scenario(TestFederation.TokyoPoint), out LoadPlan? plan, out string? error));

        Assert.Null(plan);
        Assert.Contains("no site of topology 'test-federation' has an endpoint", error, StringComparison.Ordinal);
        Assert.Contains("endpoint: http://", error, StringComparison.Ordinal);
    }
}
