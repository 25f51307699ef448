using Bunsan.Placement.Routing;

namespace Bunsan.Placement.Tests.Routing;

public sealed class SiteLoadEstimatesTests
{
    [Fact]
    public void ObserveResponse_MovesEstimatesBySmoothingTowardObservation()
    {
        var load = new SiteLoadEstimates(2, smoothing: 0.25);
        load.ObserveResponse(1, queueWaitMs: 8, execMs: 6, expectedExecMs: 2);
        Assert.Equal(2, load.QueueWaitMs(1), 12);
        Assert.Equal(1 + (0.25 * (3 - 1)), load.ExecSlowdown(1), 12);
        Assert.Equal(0, load.QueueWaitMs(0));
        Assert.Equal(2 + (4 * 1.5), load.ExpectedServiceMs(1, 4), 12);
    }

    [Fact]
    public void ASiteNotYetHeardFrom_IsAssumedAsSlowAsTheGatewaysResponsesOverall()
    {
        var load = new SiteLoadEstimates(3, smoothing: 0.5);
        load.ObserveResponse(0, queueWaitMs: 0, execMs: 5, expectedExecMs: 1);
        load.ObserveResponse(0, queueWaitMs: 0, execMs: 5, expectedExecMs: 1);

        // Site 0 has answered twice with 5× the expected time: 1 → 3 → 4. Site 2 never answered, so it is not assumed
        // faster than site 0 merely for lack of news; its first answer starts from there.
        Assert.Equal(4, load.ExecSlowdown(0), 12);
        Assert.Equal(4, load.ExecSlowdown(2), 12);
        Assert.Equal(load.ExpectedServiceMs(0, 1), load.ExpectedServiceMs(2, 1), 12);
        load.ObserveResponse(2, queueWaitMs: 0, execMs: 1, expectedExecMs: 1);
        Assert.Equal(2.5, load.ExecSlowdown(2), 12);
    }

    [Fact]
    public void ObserveRejection_RaisesQueueEstimate()
    {
        var load = new SiteLoadEstimates(1, smoothing: 0.5);
        load.ObserveRejection(0, 10);
        Assert.Equal(5, load.QueueWaitMs(0), 12);
    }

    [Fact]
    public void ObserveForwardOverhead_ChargesThePeer_NeverSelf_AndPriorsUnheardPeersWithTheMean()
    {
        var load = new SiteLoadEstimates(3, smoothing: 0.5) { Self = 0 };
        load.ObserveForwardOverhead(1, 6);
        load.ObserveForwardOverhead(1, 6);
        load.ObserveForwardOverhead(0, 50); // nothing crosses a link to the gateway's own site
        load.ObserveForwardOverhead(1, double.NaN);
        load.ObserveForwardOverhead(1, -3); // a forward faster than the model counts as no overhead

        // Site 1: 0 → 3 → 4.5 → 2.25 (the −3 clamped to 0). The overall mean saw the same values; site 2 inherits it.
        Assert.Equal(2.25, load.ForwardOverheadMs(1), 12);
        Assert.Equal(2.25, load.ForwardOverheadMs(2), 12);
        Assert.Equal(0, load.ForwardOverheadMs(0));
        Assert.Equal(2.25 + 1, load.ExpectedServiceMs(2, 1), 12);
        Assert.Equal(1, load.ExpectedServiceMs(0, 1), 12);
    }

    [Fact]
    public void ObserveLiveQueue_ReplacesOnlySelfsEstimate()
    {
        var load = new SiteLoadEstimates(2, smoothing: 0.2) { Self = 1 };
        load.ObserveRejection(1, 40);
        load.ObserveLiveQueue(1, 0.5);

        Assert.Equal(0.5, load.QueueWaitMs(1), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => load.ObserveLiveQueue(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SiteLoadEstimates(2) { Self = 2 });
    }

    [Fact]
    public void WithoutSelf_NoSiteIsExemptFromForwardOverhead()
    {
        var load = new SiteLoadEstimates(2, smoothing: 1);
        load.ObserveForwardOverhead(0, 4);

        Assert.Equal(4, load.ForwardOverheadMs(0), 12);
        Assert.Equal(4, load.ForwardOverheadMs(1), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => load.ObserveLiveQueue(0, 1));
    }

    [Fact]
    public void Outstanding_CountsSentMinusAnswered()
    {
        var load = new SiteLoadEstimates(1);
        load.RequestSent(0);
        load.RequestSent(0);
        load.RequestAnswered(0);
        Assert.Equal(1, load.Outstanding(0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Constructor_SmoothingOutOfRange_Throws(double smoothing) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SiteLoadEstimates(1, smoothing));

    [Fact]
    public void RouterRandom_SameSeed_SameSequenceAndInRange()
    {
        var a = new RouterRandom(11);
        var b = new RouterRandom(11);
        for (int i = 0; i < 1000; i++)
        {
            int x = a.NextInt(7);
            Assert.Equal(x, b.NextInt(7));
            Assert.InRange(x, 0, 6);
            double u = a.NextDouble();
            Assert.Equal(u, b.NextDouble());
            Assert.InRange(u, 0, 0.9999999999);
        }
        Assert.Equal(RouterRandom.Hash(3, 4), RouterRandom.Hash(3, 4));
        Assert.NotEqual(RouterRandom.Hash(3, 4), RouterRandom.Hash(3, 5));
    }

    [Fact]
    public void ForwardSpread_FollowsHowFarEachForwardStraysFromTheMean()
    {
        var load = new SiteLoadEstimates(4, smoothing: 0.5) { Self = 0 };
        load.ObserveForwardOverhead(1, 4);
        load.ObserveForwardOverhead(1, 0);
        load.ObserveForwardOverhead(0, 50);

        // Site 1: mean 0 → 2 → 1; spread 0 → |4 − 0| → 2, then |0 − 2| → 2. Self is never charged one.
        Assert.Equal(2, load.ForwardSpreadMs(1), 12);
        Assert.Equal(2, load.ForwardSpreadMs(3), 12); // not forwarded to yet: the overall spread
        Assert.Equal(0, load.ForwardSpreadMs(0));

        for (int i = 0; i < 60; i++)
        {
            load.ObserveForwardOverhead(2, 3);
        }
        Assert.Equal(3, load.ForwardOverheadMs(2), 6);
        Assert.Equal(0, load.ForwardSpreadMs(2), 6); // steady forwards: no spread
    }

    [Fact]
    public void CarryOver_SitesBothPlansHold_KeepTheirEstimates_NewSitesStartFromTheOverall()
    {
        var before = new SiteLoadEstimates(3) { Self = 0 };
        before.ObserveResponse(1, queueWaitMs: 40, execMs: 30, expectedExecMs: 10);
        before.ObserveForwardOverhead(2, 5);
        before.ObserveForwardOverhead(2, 1);
        before.RequestSent(1);
        // The next plan: site 2 of before is now 0, site 1 is now 2, and site 1 is new.
        var after = new SiteLoadEstimates(3) { Self = 1 };

        after.CarryOver(before, [2, -1, 1]);

        Assert.Equal(before.QueueWaitMs(1), after.QueueWaitMs(2));
        Assert.Equal(before.ExecSlowdown(1), after.ExecSlowdown(2));
        Assert.Equal(before.ForwardOverheadMs(2), after.ForwardOverheadMs(0));
        Assert.True(before.ForwardSpreadMs(2) > 0);
        Assert.Equal(before.ForwardSpreadMs(2), after.ForwardSpreadMs(0));
        Assert.Equal(before.ForwardSpreadMs(1), after.ForwardSpreadMs(2)); // the overall, as before had it
        Assert.Equal(0, after.QueueWaitMs(1));
        Assert.Equal(before.ExecSlowdown(0), after.ExecSlowdown(1)); // neither heard from it: the overall ratio
        Assert.True(after.ExecSlowdown(1) > 1);
        Assert.Equal(0, after.Outstanding(2)); // in-flight requests finish on the old gateway
    }

    [Fact]
    public void CarryOver_IndexPerSiteMissing_Throws() =>
        Assert.Throws<ArgumentException>(() => new SiteLoadEstimates(3).CarryOver(new SiteLoadEstimates(2), [0, 1]));
}
