using System.Globalization;
using Bunsan.Core.Geo;
using Bunsan.Emulation.Load;
using Bunsan.Simulation.Engine;

namespace Bunsan.Emulation.Tests.Load;

/// <summary>The load generator against real HTTP servers on loopback that speak the invocation protocol.</summary>
public sealed class LoadGeneratorTests : IAsyncLifetime
{
    private FakeAgent _tokyo = null!;
    private FakeAgent _osaka = null!;
    private readonly HttpClient _http = LoadGenerator.CreateHttpClient();

    public async ValueTask InitializeAsync()
    {
        _tokyo = await FakeAgent.StartAsync("tokyo");
        _osaka = await FakeAgent.StartAsync("osaka");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _tokyo.DisposeAsync();
        await _osaka.DisposeAsync();
    }

    private TestSite[] Sites => [
        new("tokyo", TestFederation.TokyoPoint.Latitude, TestFederation.TokyoPoint.Longitude, _tokyo.Endpoint),
        new("osaka", TestFederation.OsakaPoint.Latitude, TestFederation.OsakaPoint.Longitude, _osaka.Endpoint),
        new("sapporo", TestFederation.SapporoPoint.Latitude, TestFederation.SapporoPoint.Longitude, Endpoint: null)];

    private async Task<(LoadReport Report, LoadPlan Plan)> RunAsync(TestFederation federation, LoadGeneratorOptions? options, params GeoPoint[] origins)
    {
        Assert.True(LoadPlan.TryCreate(federation.Scenario(origins), out LoadPlan? plan, out string? error), error);
        LoadReport report = await new LoadGenerator(_http, options).RunAsync(plan!, 1, TestContext.Current.CancellationToken);
        return (report, plan!);
    }

    [Fact]
    public async Task RunAsync_AllAnswered_CountsMatchWhatEachAgentReceived()
    {
        // Budgets no client lateness can spend (none, and a minute), so every request is sent and answered.
        using var federation = new TestFederation(Sites, [("echo-batch", "batch"), ("echo-minute", "60000ms")], arrivals: 60, spanMs: 600);

        var (report, plan) = await RunAsync(federation, null,
            new GeoPoint(35.9, 139.9), new GeoPoint(34.6, 135.6), new GeoPoint(35.0, 135.8));

        SimulationScenario scenario = plan.Scenario;
        Assert.Equal(60, report.Requests);
        foreach (LoadClassResult c in report.Classes)
        {
            int classIndex = scenario.ClassNames.IndexOf(c.Class);
            Assert.Equal(plan.Requests.Count(r => scenario.FunctionClass[r.Function] == classIndex), c.Requests);
            Assert.Equal(c.Requests, c.Hits + c.Late);
            Assert.Equal(0, c.Rejected + c.Errors + c.Expired + c.ClientOverloaded);
        }
        Assert.Equal(["osaka", "tokyo"], report.Sites.Select(s => s.Site));
        Assert.Equal(_tokyo.Seen.Count, report.Sites.Single(s => s.Site == "tokyo").Served);
        Assert.Equal(_osaka.Seen.Count, report.Sites.Single(s => s.Site == "osaka").Served);
        Assert.Equal(plan.Requests.Count(r => plan.Gateways[r.Gateway].Id == "tokyo"), _tokyo.Seen.Count);
        Assert.True(!_osaka.Seen.IsEmpty && !_tokyo.Seen.IsEmpty, "both agents should be some origin's nearest");
    }

    [Fact]
    public async Task RunAsync_Requests_CarryRemainingBudgetAndOrigin()
    {
        using var federation = new TestFederation(Sites, [("echo-minute", "60000ms")], arrivals: 20, spanMs: 200);
        var origin = new GeoPoint(35.9, 139.9);

        await RunAsync(federation, null, origin);

        Assert.Equal(20, _tokyo.Seen.Count);
        Assert.All(_tokyo.Seen, seen =>
        {
            Assert.Equal("echo-minute", seen.Function);
            double deadline = double.Parse(seen.DeadlineMs!, CultureInfo.InvariantCulture);
            Assert.InRange(deadline, double.Epsilon, 60_000);
            Assert.Equal("35.9,139.9", seen.Origin);
        });
    }

    [Fact]
    public async Task RunAsync_AgentRejects_CountedAsRejectedWithoutLatency()
    {
        using var federation = new TestFederation(Sites, [("reject-minute", "60000ms")], arrivals: 15, spanMs: 150);

        var (report, _) = await RunAsync(federation, null, TestFederation.OsakaPoint);

        LoadClassResult minute = report.Classes.Single();
        Assert.Equal((15, 15, 0, 0), (minute.Requests, minute.Rejected, minute.Hits, minute.Errors));
        Assert.Equal(100, minute.RejectedPct);
        Assert.Null(minute.P50Ms);
        Assert.Empty(report.Sites);
    }

    [Fact]
    public async Task RunAsync_AnswerAfterTheBudget_CountedLate()
    {
        using var federation = new TestFederation(Sites, [("slow-twenty", "20ms")], arrivals: 10, spanMs: 100);

        var (report, _) = await RunAsync(federation, null, TestFederation.TokyoPoint);

        // Requests this client sends over 20 ms late (a starved machine) expire unsent; every one sent is late.
        LoadClassResult twenty = report.Classes.Single();
        Assert.Equal((10, 0, 10), (twenty.Requests, twenty.Hits, twenty.Late + twenty.Expired));
        Assert.True(twenty.P50Ms >= 40, $"the agent holds each answer 40 ms, yet p50 is {twenty.P50Ms} ms");
        Assert.Equal(new LoadSiteResult("tokyo", twenty.Late, 0), report.Sites.Single());
    }

    [Fact]
    public async Task RunAsync_HttpErrorsAndAbsentAgent_CountedAsErrorsByKind()
    {
        int closedPort = ClosedLoopbackPort();
        TestSite[] sites = [
            new("tokyo", TestFederation.TokyoPoint.Latitude, TestFederation.TokyoPoint.Longitude, _tokyo.Endpoint),
            new("naha", TestFederation.NahaPoint.Latitude, TestFederation.NahaPoint.Longitude, new Uri($"http://127.0.0.1:{closedPort}"))];
        using var federation = new TestFederation(sites, [("missing-function", "60000ms")], arrivals: 12, spanMs: 120);

        var (report, plan) = await RunAsync(federation, null, TestFederation.TokyoPoint, TestFederation.NahaPoint);

        long toNaha = plan.Requests.Count(r => plan.Gateways[r.Gateway].Id == "naha");
        Assert.InRange(toNaha, 1, 11);
        Assert.Equal(12, report.Classes.Single().Errors);
        Assert.Equal([new LoadErrorCount("connection", toNaha), new LoadErrorCount("http_404", 12 - toNaha)], report.Errors);
    }

    [Fact]
    public async Task RunAsync_MoreInFlightThanAllowed_ExcessCountedAsClientOverloaded()
    {
        using var federation = new TestFederation(Sites, [("hold-batch", "batch")], arrivals: 8, spanMs: 40);

        var (report, _) = await RunAsync(federation, new LoadGeneratorOptions { MaxInFlight = 1 }, TestFederation.TokyoPoint);

        // The agent holds the first request 2 s; the other seven arrive within 40 ms of it.
        LoadClassResult batch = report.Classes.Single();
        Assert.Equal((8, 1, 7), (batch.Requests, batch.Hits, batch.ClientOverloaded));
        Assert.Equal(7, report.ClientOverloaded);
        Assert.Null(batch.DeadlineMs);
        Assert.Single(_tokyo.Seen);
    }

    [Fact]
    public async Task RunAsync_EmulatedWan_BothLegsDelayedAndBudgetReduced()
    {
        using var federation = new TestFederation(Sites, [("echo-minute", "60000ms")], arrivals: 10, spanMs: 100);

        var (report, plan) = await RunAsync(federation, new LoadGeneratorOptions { EmulateWan = true }, TestFederation.SapporoPoint);

        double legMs = plan.Requests[0].OriginLegMs;
        Assert.True(legMs > 2, $"Sapporo → Tokyo should be a few ms one way in the model, not {legMs}");
        Assert.True(report.EmulatedWan);
        Assert.True(report.Classes.Single().P50Ms >= 2 * legMs, $"p50 {report.Classes.Single().P50Ms} ms < two legs of {legMs} ms");
        Assert.All(_tokyo.Seen, seen => Assert.True(double.Parse(seen.DeadlineMs!, CultureInfo.InvariantCulture) <= 60_000 - legMs));
    }

    [Fact]
    public async Task RunAsync_OriginLegLongerThanBudget_ExpiresWithoutSending()
    {
        TestSite[] sites = [new("sapporo", TestFederation.SapporoPoint.Latitude, TestFederation.SapporoPoint.Longitude, _tokyo.Endpoint)];
        using var federation = new TestFederation(sites, [("echo-realtime", "realtime")], arrivals: 5, spanMs: 50);

        var (report, plan) = await RunAsync(federation, new LoadGeneratorOptions { EmulateWan = true }, TestFederation.NahaPoint);

        Assert.True(plan.Requests[0].OriginLegMs > 10, $"Naha → Sapporo is {plan.Requests[0].OriginLegMs} ms one way in the model");
        Assert.Equal(5, report.Classes.Single().Expired);
        Assert.Empty(_tokyo.Seen);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
