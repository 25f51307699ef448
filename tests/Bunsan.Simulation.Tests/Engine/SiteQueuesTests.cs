using Bunsan.Simulation.Engine;

namespace Bunsan.Simulation.Tests.Engine;

public sealed class SiteQueuesTests
{
    private readonly int[] _next = new int[16];

    [Fact]
    public void Headroom_TightRequestStartsWhileLooseWorkHoldsTheOtherCore()
    {
        var sites = new SiteQueues([2.0], keepHeadroom: true);
        Assert.False(sites.IsTight(0, 1, remainingMs: 480));
        Assert.True(sites.CanStart(0, 1, tight: false));
        sites.Start(0, 1, 50);

        Assert.False(sites.CanStart(0, 1, tight: false)); // the last core is kept
        Assert.True(sites.IsTight(0, 1, remainingMs: 8));
        Assert.True(sites.CanStart(0, 1, tight: true));
        Assert.Equal(0, sites.State(0, tight: true).QueuedCoreMs);
        Assert.Equal(1, sites.State(0, tight: false).TotalCores);
    }

    [Fact]
    public void Headroom_TightHeadStartsFirst_LooseWaitsForTwoFreeCores()
    {
        var sites = new SiteQueues([2.0], keepHeadroom: true);
        sites.Start(0, 1, 50);
        sites.Start(0, 1, 2);
        sites.Enqueue(0, slot: 1, coreMs: 50, tight: false, _next);
        sites.Enqueue(0, slot: 2, coreMs: 2, tight: true, _next);

        Assert.Equal((2, true), sites.Head(0));
        Assert.Equal(2, sites.State(0, tight: true).QueuedCoreMs);
        Assert.Equal(52, sites.State(0, tight: false).QueuedCoreMs);
        sites.Finish(0, 1, 2);
        Assert.True(sites.HeadFits(0, 1, tight: true));
        sites.Dequeue(0, tight: true, 2, _next);
        sites.Start(0, 1, 2);

        Assert.Equal((1, false), sites.Head(0));
        sites.Finish(0, 1, 50);
        Assert.False(sites.HeadFits(0, 1, tight: false)); // one core free, and it is the reserved one
        sites.Finish(0, 1, 2);
        Assert.True(sites.HeadFits(0, 1, tight: false));
    }

    [Fact]
    public void WithoutHeadroom_OneFifoQueue()
    {
        var sites = new SiteQueues([2.0]);
        sites.Start(0, 1, 50);

        Assert.False(sites.IsTight(0, 1, remainingMs: 8));
        Assert.True(sites.CanStart(0, 1, tight: false));
        sites.Start(0, 1, 50);
        sites.Enqueue(0, slot: 3, coreMs: 50, tight: false, _next);
        Assert.False(sites.CanStart(0, 1, tight: false));
        Assert.Equal(1, sites.QueueLength(0));
        Assert.Equal((3, false), sites.Head(0));
    }
}
