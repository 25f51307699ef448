using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;

namespace Bunsan.Simulation.Tests.Engine;

public sealed class ClassRateScalingTests
{
    private static Arrival[] TwoSourcesOverThreeMinutes() =>
        [.. Enumerable.Range(0, 3_000).Select(i => new Arrival(i * 60.0, i % 2))];

    [Fact]
    public void Apply_FactorsOfOne_ReturnsTheSameArrivals()
    {
        Arrival[] arrivals = TwoSourcesOverThreeMinutes();
        Assert.Same(arrivals, ClassRateScaling.Apply(arrivals, [1, 1], seed: 1));
    }

    [Fact]
    public void Apply_ScaledSource_MultipliesPerMinuteCountsAndStaysSorted()
    {
        Arrival[] arrivals = TwoSourcesOverThreeMinutes();
        Arrival[] scaled = ClassRateScaling.Apply(arrivals, [2.5, 1], seed: 1);
        for (int minute = 0; minute < 3; minute++)
        {
            int before = arrivals.Count(a => a.SourceIndex == 0 && (int)(a.TimeMs / 60_000) == minute);
            int after = scaled.Count(a => a.SourceIndex == 0 && (int)(a.TimeMs / 60_000) == minute);
            Assert.InRange(after, before * 2, before * 3);
            Assert.Equal(
                arrivals.Count(a => a.SourceIndex == 1 && (int)(a.TimeMs / 60_000) == minute),
                scaled.Count(a => a.SourceIndex == 1 && (int)(a.TimeMs / 60_000) == minute));
        }
        for (int i = 1; i < scaled.Length; i++)
        {
            Assert.True(scaled[i - 1].TimeMs <= scaled[i].TimeMs);
        }
        Assert.Equal(scaled, ClassRateScaling.Apply(arrivals, [2.5, 1], seed: 1));
    }
}
