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
}
