using Bunsan.Placement.Admission;

namespace Bunsan.Agent.Tests;

public sealed class CorePoolTests
{
    [Fact]
    public void TryAdmit_FreeCores_StartsAtOnce()
    {
        var pool = new CorePool(totalCores: 1);

        var verdict = pool.TryAdmit(cores: 1, expectedExecMs: 10, remainingBudgetMs: 50, out CorePool.CoreLease? lease);

        Assert.True(verdict.Admitted);
        Assert.Equal(0, verdict.PredictedQueueWaitMs);
        Assert.True(lease!.WaitAsync(CancellationToken.None).IsCompletedSuccessfully);
        lease.Dispose();
    }

    [Fact]
    public void TryAdmit_QueueWouldOverrunBudget_RejectsAndPredictsTheWait()
    {
        var pool = new CorePool(totalCores: 1);
        pool.TryAdmit(1, 10, 50, out CorePool.CoreLease? running);
        pool.TryAdmit(1, 10, 50, out CorePool.CoreLease? queued);

        var verdict = pool.TryAdmit(1, 10, remainingBudgetMs: 25, out CorePool.CoreLease? refused);

        Assert.False(verdict.Admitted);
        Assert.Null(refused);
        // One queued (10 core-ms) plus one running invocation's worth (10) over 1 core.
        Assert.Equal(20, verdict.PredictedQueueWaitMs, 6);
        Assert.Equal(1, pool.Waiting);
        running!.Dispose();
        queued!.Dispose();
    }

    [Fact]
    public async Task Dispose_RunningLease_StartsTheNextInLine()
    {
        var pool = new CorePool(totalCores: 1);
        pool.TryAdmit(1, 10, 100, out CorePool.CoreLease? first);
        pool.TryAdmit(1, 10, 100, out CorePool.CoreLease? second);
        Task started = second!.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(started.IsCompleted);

        first!.Dispose();

        await started;
        Assert.Equal(0, pool.Waiting);
        second.Dispose();
    }

    [Fact]
    public void Dispose_QueuedLease_LeavesTheQueue()
    {
        var pool = new CorePool(totalCores: 1);
        pool.TryAdmit(1, 10, 100, out CorePool.CoreLease? running);
        pool.TryAdmit(1, 10, 100, out CorePool.CoreLease? queued);

        queued!.Dispose();

        Assert.Equal(0, pool.Waiting);
        Assert.Equal(0, pool.TryAdmit(1, 10, 100, out CorePool.CoreLease? next).PredictedQueueWaitMs - 10, 6);
        running!.Dispose();
        next!.Dispose();
    }

    [Fact]
    public void TryAdmit_MoreCoresThanTheSite_Rejects()
    {
        var pool = new CorePool(totalCores: 2);

        Assert.False(pool.TryAdmit(cores: 4, 10, double.PositiveInfinity, out _).Admitted);
    }

    private static readonly CoreReservation OneCoreKept = new(ReservedCores: 1, TightBudgetMs: 20);

    [Fact]
    public void TryAdmit_LooseRequest_NeverTakesTheReservedCore()
    {
        var pool = new CorePool(totalCores: 2, OneCoreKept);
        pool.TryAdmit(1, 50, remainingBudgetMs: 500, out CorePool.CoreLease? first);

        var second = pool.TryAdmit(1, 50, remainingBudgetMs: 500, out CorePool.CoreLease? waiting);

        // It waits for the first loose one, on the one core loose work may use: one running invocation's worth over 1 core.
        Assert.True(second.Admitted);
        Assert.Equal(50, second.PredictedQueueWaitMs, 6);
        Assert.False(waiting!.WaitAsync(TestContext.Current.CancellationToken).IsCompleted);
        first!.Dispose();
        waiting.Dispose();
    }

    [Fact]
    public void TryAdmit_TightRequestBehindLooseWork_StartsAtOnceOnTheReservedCore()
    {
        var pool = new CorePool(totalCores: 2, OneCoreKept);
        pool.TryAdmit(1, 50, 500, out CorePool.CoreLease? running);
        pool.TryAdmit(1, 50, 500, out CorePool.CoreLease? queued);

        var tight = pool.TryAdmit(1, 2, remainingBudgetMs: 8, out CorePool.CoreLease? lease);

        Assert.True(tight.Admitted);
        Assert.Equal(0, tight.PredictedQueueWaitMs);
        Assert.True(lease!.WaitAsync(TestContext.Current.CancellationToken).IsCompletedSuccessfully);
        // Another tight one waits behind no tight request: one running invocation's worth (mean of 50 and 2) over 2 cores.
        Assert.Equal(13, pool.PredictWaitMs(1, remainingBudgetMs: 8), 6);
        lease.Dispose();
        running!.Dispose();
        queued!.Dispose();
    }

    [Fact]
    public void TryAdmit_WithoutReservation_TightRequestWaitsInArrivalOrder()
    {
        var pool = new CorePool(totalCores: 2);
        pool.TryAdmit(1, 50, 500, out CorePool.CoreLease? a);
        pool.TryAdmit(1, 50, 500, out CorePool.CoreLease? b);

        var tight = pool.TryAdmit(1, 2, remainingBudgetMs: 8, out _);

        // FIFO: one running invocation's worth (50 core-ms) over 2 cores, beyond its 8 ms.
        Assert.False(tight.Admitted);
        Assert.Equal(25, tight.PredictedQueueWaitMs, 6);
        a!.Dispose();
        b!.Dispose();
    }

    [Fact]
    public async Task Dispose_FreesACore_TightWaiterStartsBeforeAnEarlierLooseOne()
    {
        var pool = new CorePool(totalCores: 2, OneCoreKept);
        pool.TryAdmit(1, 50, 500, out CorePool.CoreLease? loose);
        pool.TryAdmit(1, 2, 9, out CorePool.CoreLease? tightRunning);
        pool.TryAdmit(1, 50, 500, out CorePool.CoreLease? looseWaiting);
        pool.TryAdmit(1, 2, 20, out CorePool.CoreLease? tightWaiting);
        Task tightStarted = tightWaiting!.WaitAsync(TestContext.Current.CancellationToken);
        Assert.False(tightStarted.IsCompleted);

        tightRunning!.Dispose();

        await tightStarted;
        loose!.Dispose();
        // One core free, but it is the reserved one while the tight request holds the other.
        Assert.False(looseWaiting!.WaitAsync(TestContext.Current.CancellationToken).IsCompleted);
        tightWaiting.Dispose();
        await looseWaiting.WaitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, pool.Waiting);
        looseWaiting.Dispose();
    }

    [Fact]
    public void TryAdmit_LooseRequestLargerThanWhatTheReservationLeaves_MayUseEveryCore()
    {
        var pool = new CorePool(totalCores: 2, OneCoreKept);

        Assert.True(pool.TryAdmit(cores: 2, 50, 500, out CorePool.CoreLease? lease).Admitted);
        Assert.True(lease!.WaitAsync(TestContext.Current.CancellationToken).IsCompletedSuccessfully);
        lease.Dispose();
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(8, 1)]
    [InlineData(16, 2)]
    [InlineData(64, 8)]
    public void For_KeepsOneCoreInEight_NoneOnOneCore(double cores, double reserved)
    {
        Assert.Equal(reserved, CoreReservation.For(cores).ReservedCores);
    }

    [Fact]
    public void Constructor_ReservationOfEveryCore_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CorePool(2, new CoreReservation(2, 20)));
    }
}
