using Bunsan.Placement.Admission;

namespace Bunsan.Placement.Tests.Admission;

public sealed class AdmissionControlTests
{
    // Four one-core servers, all busy running 2 ms invocations.
    private static SiteQueueState Busy(int queued) => new(TotalCores: 4, FreeCores: 0, QueuedCoreMs: queued * 2, RunningCoreMs: 4 * 2, RunningCores: 4);

    [Fact]
    public void PredictQueueWait_FreeCoresAndEmptyQueue_IsZero()
    {
        var idle = new SiteQueueState(4, 4, 0, 0, 0);
        Assert.Equal(0, AdmissionControl.PredictQueueWaitMs(idle, 1));
    }

    [Fact]
    public void PredictQueueWait_AllBusy_IsQueuedPlusOneOverServers()
    {
        // (n + 1) · S / c = (3 + 1) · 2 / 4 = 2 ms.
        Assert.Equal(2, AdmissionControl.PredictQueueWaitMs(Busy(queued: 3), 1), 12);
    }

    [Fact]
    public void PredictQueueWait_FreeCoresButQueueAhead_Waits()
    {
        var state = new SiteQueueState(4, 1, QueuedCoreMs: 4, RunningCoreMs: 6, RunningCores: 3);
        Assert.True(AdmissionControl.PredictQueueWaitMs(state, 1) > 0);
    }

    [Fact]
    public void Decide_CompletionFitsBudget_Admits()
    {
        AdmissionVerdict v = AdmissionControl.Decide(Busy(queued: 3), cores: 1, expectedExecMs: 2, remainingBudgetMs: 4);
        Assert.True(v.Admitted);
        Assert.Equal(4, v.PredictedCompletionMs, 12);
    }

    [Fact]
    public void Decide_CompletionMissesBudget_RejectsWithPredictedWait()
    {
        AdmissionVerdict v = AdmissionControl.Decide(Busy(queued: 3), cores: 1, expectedExecMs: 2, remainingBudgetMs: 3.9);
        Assert.False(v.Admitted);
        Assert.Equal(2, v.PredictedQueueWaitMs, 12);
    }

    [Fact]
    public void Decide_BatchBudget_AlwaysAdmits()
    {
        Assert.True(AdmissionControl.Decide(Busy(queued: 1_000), 1, 2, double.PositiveInfinity).Admitted);
    }

    [Fact]
    public void Decide_InvocationLargerThanSite_Rejects()
    {
        var small = new SiteQueueState(2, 2, 0, 0, 0);
        Assert.False(AdmissionControl.Decide(small, cores: 4, expectedExecMs: 1, double.PositiveInfinity).Admitted);
    }

    [Fact]
    public void Decide_BudgetAlreadySpent_Rejects()
    {
        var idle = new SiteQueueState(4, 4, 0, 0, 0);
        Assert.False(AdmissionControl.Decide(idle, 1, 1, remainingBudgetMs: -0.5).Admitted);
    }
}
