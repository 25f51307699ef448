using Bunsan.Core.Functions;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;

namespace Bunsan.Simulation.Tests.Engine;

public sealed class ExecutionTimeDistributionTests
{
    [Fact]
    public void FromSpec_Quantiles_MatchP50AndP99()
    {
        var d = ExecutionTimeDistribution.FromSpec(new ExecutionTime(2, 5));
        Assert.Equal(2, d.Sample(0.5), 6);
        Assert.Equal(5, d.Sample(0.99), 4);
        Assert.False(d.FromTrace);
        Assert.True(d.MeanMs > 2 && d.MeanMs < 5);
    }

    [Fact]
    public void FromSpec_EqualPercentiles_IsConstant()
    {
        var d = ExecutionTimeDistribution.FromSpec(new ExecutionTime(3, 3));
        Assert.Equal(3, d.Sample(0.001), 9);
        Assert.Equal(3, d.Sample(0.999), 9);
        Assert.Equal(3, d.MeanMs, 9);
    }

    [Fact]
    public void FromPercentiles_InterpolatesBetweenPublishedPoints()
    {
        var d = ExecutionTimeDistribution.FromPercentiles(new ExecutionPercentiles(10, 20, 100, 200, 300, 900, 1000));
        Assert.Equal(200, d.Sample(0.5), 9);
        Assert.Equal(250, d.Sample(0.625), 9);
        Assert.Equal(10, d.Sample(0), 9);
        Assert.True(d.FromTrace);
        // Trapezoids: 0.01·15 + 0.24·60 + 0.25·150 + 0.25·250 + 0.24·600 + 0.01·950
        Assert.Equal(0.15 + 14.4 + 37.5 + 62.5 + 144 + 9.5, d.MeanMs, 9);
    }

    [Fact]
    public void NormalQuantile_KnownPoints()
    {
        Assert.Equal(0, ExecutionTimeDistribution.NormalQuantile(0.5), 9);
        Assert.Equal(2.3263478740, ExecutionTimeDistribution.NormalQuantile(0.99), 6);
        Assert.Equal(-1.9599639845, ExecutionTimeDistribution.NormalQuantile(0.025), 6);
        Assert.Equal(-3.0902323062, ExecutionTimeDistribution.NormalQuantile(0.001), 6);
    }
}
