using Bunsan.Core.Functions;
using Bunsan.Placement.Pipeline;
using static Bunsan.Placement.Tests.Pipeline.PlacementFixtures;

namespace Bunsan.Placement.Tests.Pipeline;

public sealed class PlannedLoadTests
{
    [Fact]
    public void Add_LightDemand_LoadsTheNearestServingReplica()
    {
        var topology = Topology(Site("tokyo", Tokyo, "tokyo", cores: 10), Site("yokohama", Yokohama, "yokohama", cores: 10));
        var function = Function(LatencyClass.Realtime, min: 2, cores: 1, memoryMiB: 1, p50: 100);
        var request = new PlacementRequest(function, [new DemandPoint(Tokyo, 20)]);
        var decision = Place(Context(topology), request);
        Assert.Equal(2, decision.Replicas.Length);

        var planned = new PlannedLoad(topology, LinearLatencyModel.Default, 0.7);
        planned.Add(request, decision);

        // 20 rps × 0.1 s = 2 invocations at once on a 10-core site, all at Tokyo (the nearer one).
        Assert.Equal([0.2, 0.0], planned.Utilisation.Select(u => Math.Round(u, 9)));
    }

    [Fact]
    public void Add_DemandBeyondTheTarget_SpillsToTheNextReplica()
    {
        var topology = Topology(Site("tokyo", Tokyo, "tokyo", cores: 10), Site("yokohama", Yokohama, "yokohama", cores: 10));
        var function = Function(LatencyClass.Realtime, min: 2, cores: 1, memoryMiB: 1, p50: 100);
        var request = new PlacementRequest(function, [new DemandPoint(Tokyo, 20), new DemandPoint(Tokyo, 60)]);
        var decision = Place(Context(topology), request);

        var planned = new PlannedLoad(topology, LinearLatencyModel.Default, 0.7);
        planned.Add(request, decision);

        // The second point's 0.6 would take Tokyo to 0.8 > 0.7, so it goes to Yokohama.
        Assert.Equal([0.2, 0.6], planned.Utilisation.Select(u => Math.Round(u, 9)));
    }

    [Fact]
    public void Place_SiteAlreadyPlannedToTheTarget_GetsNoNewDemandWhileAnotherHasRoom()
    {
        var topology = Topology(Site("tokyo", Tokyo, "tokyo", cores: 10), Site("yokohama", Yokohama, "yokohama", cores: 10));
        var function = Function(LatencyClass.Realtime, min: 1, max: 1, cores: 1, memoryMiB: 1, p50: 100);
        var request = new PlacementRequest(function, [new DemandPoint(Tokyo, 30)]);

        var fresh = Place(Context(topology), request);
        var busyTokyo = Place(Context(topology, 0.7, 0.0), request);

        Assert.Equal(["tokyo"], ReplicaIds(fresh));
        Assert.Equal(["yokohama"], ReplicaIds(busyTokyo));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void PlacementOptions_TargetUtilisationOutOfRange_Throws(double target) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PlacementOptions { TargetUtilisation = target });
}
