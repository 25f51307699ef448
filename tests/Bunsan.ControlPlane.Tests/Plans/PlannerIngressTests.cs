using System.Collections.Immutable;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;

namespace Bunsan.ControlPlane.Tests.Plans;

/// <summary>Latency-critical functions also run where their requests enter, and such replicas retire when the requests fade.</summary>
public sealed class PlannerIngressTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly Planner _planner = new(FittedLatencyModel.Default);

    // Kansai: one replica covers all three sites within 10 ms, so placement alone picks one.
    private static readonly (string Id, double Lat, double Lon)[] Kansai =
        [("osaka", 34.69, 135.50), ("kobe", 34.69, 135.19), ("kyoto", 35.01, 135.77)];

    [Fact]
    public void RealtimeFunction_GetsAReplicaAtEachBusyIngressSite_BusiestFirst()
    {
        FunctionSpec f = Realtime("f");
        string[] placed = [.. _planner.Plan(Live(), [f], Empty).Single().ReplicaSites];
        string[] quiet = [.. Kansai.Select(s => s.Id).Where(id => !placed.Contains(id))];
        Assert.NotEmpty(quiet);

        PlannerOutcome outcome = _planner.Plan(Live(("f", quiet[0], 40), ("f", placed[0], 3)), [f], Current("f", placed)).Single();

        Assert.Equal([.. placed, quiet[0]], outcome.ReplicaSites);
        Assert.Contains($"ingress: added {quiet[0]} (40 rps enter there)", outcome.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void IngressBelowTheThreshold_OrALooseBudget_AddsNothing()
    {
        FunctionSpec realtime = Realtime("f");
        FunctionSpec interactive = Spec("g", LatencyClass.Interactive);
        ImmutableArray<PlannerOutcome> before = _planner.Plan(Live(), [realtime, interactive], Empty);

        ImmutableArray<PlannerOutcome> after = _planner.Plan(
            Live(("f", "osaka", 0.9), ("f", "kobe", 0.9), ("f", "kyoto", 0.9), ("g", "osaka", 50), ("g", "kobe", 50), ("g", "kyoto", 50)),
            [realtime, interactive], Empty);

        Assert.Equal(before.Select(o => o.ReplicaSites.ToArray()), after.Select(o => o.ReplicaSites.ToArray()));
    }

    [Fact]
    public void IngressReplicas_StopAtTheFunctionsMaximum()
    {
        FunctionSpec f = Realtime("f") with { MaxReplicas = 2 };

        PlannerOutcome outcome = _planner.Plan(Live(("f", "osaka", 5), ("f", "kobe", 5), ("f", "kyoto", 5)), [f], Empty).Single();

        Assert.Equal(2, outcome.ReplicaSites.Length);
    }

    [Fact]
    public void IngressReplica_StaysWhileBusyOrInTheBand_RetiresWhenTheRequestsFade()
    {
        FunctionSpec f = Realtime("f");
        string[] placed = [.. _planner.Plan(Live(), [f], Empty).Single().ReplicaSites];
        string extra = Kansai.Select(s => s.Id).First(id => !placed.Contains(id));
        string[] both = [.. placed, extra];

        PlannerOutcome inBand = _planner.Plan(Live(("f", extra, 0.6)), [f], Current("f", both)).Single();
        PlannerOutcome faded = _planner.Plan(Live(("f", extra, 0.1)), [f], Current("f", both)).Single();

        Assert.Equal(both, inBand.ReplicaSites);
        Assert.Equal(placed, faded.ReplicaSites);
        Assert.Contains($"retired {extra} (0.1 rps enter there)", faded.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void IngressAtADownSite_AddsNoReplicaThere()
    {
        FunctionSpec f = Realtime("f");
        LiveTopology live = Live(("f", "kyoto", 30), ("f", "kobe", 30));
        live = live with
        {
            Statuses = [.. live.Statuses.Select(s => s.Site.Id == "kyoto" ? s with { Site = s.Site with { Health = SiteHealth.Down } } : s)],
        };
        live = live with { Topology = new Topology("live", [.. live.Statuses.Select(s => s.Site)]) };

        PlannerOutcome outcome = _planner.Plan(live, [f], Empty).Single();

        Assert.DoesNotContain("kyoto", outcome.ReplicaSites);
        Assert.Contains("kobe", outcome.ReplicaSites);
    }

    [Fact]
    public void PlanInputs_ChangeWhenIngressCrossesABandEdge_NotWithinABand()
    {
        ImmutableArray<FunctionSpec> functions = [Realtime("f")];
        var low = new PlanInputs(Live(("f", "kobe", 1.5)), functions);

        Assert.True(low.SameAs(new PlanInputs(Live(("f", "kobe", 7)), functions)));
        Assert.False(low.SameAs(new PlanInputs(Live(("f", "kobe", 0.7)), functions)));
        Assert.False(low.SameAs(new PlanInputs(Live(("f", "kobe", 0.2)), functions)));
    }

    private static readonly Dictionary<string, string[]> Empty = [];

    private static Dictionary<string, string[]> Current(string function, params string[] sites) => new() { [function] = sites };

    private static FunctionSpec Realtime(string name) => Spec(name, LatencyClass.Realtime);

    private static FunctionSpec Spec(string name, LatencyClass latencyClass) =>
        new(name, Samples.Digest, new InvocationResources(1, 64), new ExecutionTime(0.5, 1), latencyClass, ["JP"], 1, 8);

    /// <summary>The Kansai sites, each reporting the given ingress (function, site, rps).</summary>
    private static LiveTopology Live(params (string Function, string Site, double Rps)[] ingress)
    {
        ImmutableArray<SiteStatus> statuses = [.. Kansai.Select(s => new SiteStatus(
            new Site(s.Id, s.Id, new GeoPoint(s.Lat, s.Lon), SiteTier.Edge, "JP", new FailureDomains(s.Id, "kansai"),
                new SiteCapacity(16, 64), new EnergyProfile(100, 300, 1.3, 450), SiteHealth.Healthy),
            Now,
            new SiteLoad(0.1, 0, Now, [.. ingress.Where(i => i.Site == s.Id).Select(i => new FunctionIngress(i.Function, i.Rps))]),
            Now))];
        return new LiveTopology(new Topology("live", [.. statuses.Select(s => s.Site)]), statuses);
    }
}
