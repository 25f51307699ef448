using System.Collections.Immutable;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.ControlPlane.Tests.Plans;

/// <summary>Placement with hysteresis: functions move only when their replicas stop qualifying or serve less.</summary>
public sealed class PlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly Planner _planner = new(FittedLatencyModel.Default);

    [Fact]
    public void NewFunction_IsPlacedFresh()
    {
        LiveTopology live = Live(("tokyo", 35.68, 139.69, SiteHealth.Healthy), ("yokohama", 35.44, 139.64, SiteHealth.Healthy));

        PlannerOutcome outcome = _planner.Plan(live, [Interactive("f")], Empty).Single();

        Assert.Equal("placed", outcome.Why);
        Assert.NotEmpty(outcome.ReplicaSites);
    }

    [Fact]
    public void CurrentReplicasThatStillQualify_AreKept_WhateverTheFreshChoice()
    {
        LiveTopology live = Live(("tokyo", 35.68, 139.69, SiteHealth.Healthy), ("yokohama", 35.44, 139.64, SiteHealth.Healthy));
        FunctionSpec single = Interactive("f") with { MaxReplicas = 1 };
        string fresh = _planner.Plan(live, [single], Empty).Single().ReplicaSites.Single();
        string other = fresh == "tokyo" ? "yokohama" : "tokyo";

        PlannerOutcome outcome = _planner.Plan(live, [single], Current("f", other)).Single();

        Assert.Equal("kept", outcome.Why);
        Assert.Equal([other], outcome.ReplicaSites);
    }

    [Fact]
    public void ReplicaOnABusySite_IsKept_ThoughAFreshPlacementAvoidsIt()
    {
        // Tokyo is nearly full: a fresh placement rejects it (capacity), yet the replica already there stays —
        // moving it would not move the demand that keeps it busy.
        LiveTopology live = Live(("tokyo", 35.68, 139.69, SiteHealth.Healthy), ("yokohama", 35.44, 139.64, SiteHealth.Healthy));
        live = live with { Statuses = [live.Statuses[0] with { LastLoad = new SiteLoad(1, 500, Now) }, live.Statuses[1]] };
        FunctionSpec single = Interactive("f") with { MaxReplicas = 1 };

        Assert.Equal(["yokohama"], _planner.Plan(live, [single], Empty).Single().ReplicaSites);
        PlannerOutcome outcome = _planner.Plan(live, [single], Current("f", "tokyo")).Single();

        Assert.Equal("kept", outcome.Why);
        Assert.Equal(["tokyo"], outcome.ReplicaSites);
    }

    [Fact]
    public void ReplicaOnADownSite_Moves()
    {
        LiveTopology live = Live(("tokyo", 35.68, 139.69, SiteHealth.Down), ("yokohama", 35.44, 139.64, SiteHealth.Healthy));

        PlannerOutcome outcome = _planner.Plan(live, [Interactive("f")], Current("f", "tokyo")).Single();

        Assert.Equal(["yokohama"], outcome.ReplicaSites);
        Assert.Contains("replica tokyo no longer qualifies", outcome.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplicaOnASiteThatLeft_Moves()
    {
        LiveTopology live = Live(("yokohama", 35.44, 139.64, SiteHealth.Healthy));

        PlannerOutcome outcome = _planner.Plan(live, [Interactive("f")], Current("f", "tokyo")).Single();

        Assert.Equal(["yokohama"], outcome.ReplicaSites);
    }

    [Fact]
    public void NoSiteCanHostIt_KeepsTheLastReplicas()
    {
        LiveTopology live = Live(("tokyo", 35.68, 139.69, SiteHealth.Down), ("yokohama", 35.44, 139.64, SiteHealth.Down));

        PlannerOutcome outcome = _planner.Plan(live, [Interactive("f")], Current("f", "tokyo")).Single();

        Assert.Equal(["tokyo"], outcome.ReplicaSites);
        Assert.StartsWith("kept: no site", outcome.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void FreshReplicasServeMoreDemandInTime_Moves()
    {
        // Realtime (10 ms) from Sapporo and from Tokyo: one Tokyo replica cannot answer Sapporo in time.
        LiveTopology live = Live(("tokyo", 35.68, 139.69, SiteHealth.Healthy), ("sapporo", 43.06, 141.35, SiteHealth.Healthy));

        PlannerOutcome outcome = _planner.Plan(live, [Realtime("f")], Current("f", "tokyo")).Single();

        Assert.Equal(["sapporo", "tokyo"], outcome.ReplicaSites.Order(StringComparer.Ordinal));
        Assert.Contains("serve 2 of 2 demand points in time, the current ones 1", outcome.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void TightestBudgetIsPlacedFirst()
    {
        LiveTopology live = Live(("tokyo", 35.68, 139.69, SiteHealth.Healthy));

        ImmutableArray<PlannerOutcome> outcomes = _planner.Plan(live, [Interactive("b"), Realtime("a")], Empty);

        Assert.Equal(["a", "b"], outcomes.Select(o => o.Spec.Name));
    }

    private static readonly Dictionary<string, string[]> Empty = [];

    private static Dictionary<string, string[]> Current(string function, params string[] sites) => new() { [function] = sites };

    private static FunctionSpec Interactive(string name) => Spec(name, LatencyClass.Interactive);

    private static FunctionSpec Realtime(string name) => Spec(name, LatencyClass.Realtime);

    private static FunctionSpec Spec(string name, LatencyClass latencyClass) =>
        new(name, Samples.Digest, new InvocationResources(1, 64), new ExecutionTime(0.5, 1), latencyClass, ["JP"], 1, 8);

    private static LiveTopology Live(params (string Id, double Lat, double Lon, SiteHealth Health)[] sites)
    {
        ImmutableArray<SiteStatus> statuses = [.. sites.Select(s => new SiteStatus(
            new Site(s.Id, s.Id, new GeoPoint(s.Lat, s.Lon), SiteTier.Edge, "JP", new FailureDomains(s.Id, s.Id),
                new SiteCapacity(16, 64), new EnergyProfile(100, 300, 1.3, 450), s.Health),
            Now, new SiteLoad(0.1, 0, Now), Now))];
        return new LiveTopology(new Topology("live", [.. statuses.Select(s => s.Site)]), statuses);
    }
}
