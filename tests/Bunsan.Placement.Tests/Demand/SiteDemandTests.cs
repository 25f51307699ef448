using System.Collections.Immutable;
using Bunsan.Core.Topologies;
using Bunsan.Placement.Demand;

namespace Bunsan.Placement.Tests.Demand;

public sealed class SiteDemandTests
{
    [Fact]
    public void PooledBySite_SameSnapshotTwice_PoolsOnce()
    {
        Topology topology = SyntheticTopology.Generate(200, 7);

        ImmutableArray<DemandPoint> first = SiteDemand.PooledBySite(topology);
        ImmutableArray<DemandPoint> second = SiteDemand.PooledBySite(topology);

        // The same array, not an equal one: a replan of an unchanged federation does not pool its sites again.
        Assert.True(first == second);
    }

    [Fact]
    public void PooledBySite_EqualSnapshots_PoolAlike()
    {
        Topology topology = SyntheticTopology.Generate(200, 7);
        var copy = new Topology(topology.Name, topology.Sites);

        Assert.Equal(SiteDemand.PooledBySite(topology), SiteDemand.PooledBySite(copy));
        Assert.Equal(200, SiteDemand.PooledBySite(copy).Sum(point => point.RequestsPerSecond));
    }
}
