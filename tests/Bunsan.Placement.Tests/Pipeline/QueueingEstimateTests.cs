using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Tests.Pipeline;

public sealed class QueueingEstimateTests
{
    [Fact]
    public void WaitMs_Idle_IsZero() => Assert.Equal(0, QueueingEstimate.WaitMs(0, 4, 10));

    [Fact]
    public void WaitMs_OneSlotHalfBusy_IsOneServiceTime() =>
        // M/M/1: Wq = ρ/(1−ρ) · service, which Sakasegawa's formula gives exactly for c = 1.
        Assert.Equal(10, QueueingEstimate.WaitMs(0.5, 1, 10), 9);

    [Fact]
    public void WaitMs_ManySlots_WaitLess() =>
        Assert.True(QueueingEstimate.WaitMs(0.8, 64, 10) < QueueingEstimate.WaitMs(0.8, 4, 10));

    [Fact]
    public void WaitMs_Saturated_IsInfinite() => Assert.True(double.IsPositiveInfinity(QueueingEstimate.WaitMs(1, 8, 10)));
}
