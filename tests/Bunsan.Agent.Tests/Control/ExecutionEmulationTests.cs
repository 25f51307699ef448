using Bunsan.Core.Functions;

namespace Bunsan.Agent.Tests.Control;

/// <summary>Emulated execution times follow the spec: a lognormal with its p50 and p99.</summary>
public sealed class ExecutionEmulationTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(20, 60)]
    [InlineData(5, 5)]
    public void SampleMs_HasTheSpecsMedianAndP99(double p50, double p99)
    {
        var random = new Random(42);
        double[] samples = [.. Enumerable.Range(0, 40_000).Select(_ => ExecutionEmulation.SampleMs(new ExecutionTime(p50, p99), random)).Order()];

        Assert.InRange(samples[samples.Length / 2], p50 * 0.97, p50 * 1.03);
        Assert.InRange(samples[(int)(samples.Length * 0.99)], p99 * 0.93, p99 * 1.07);
        Assert.All(samples, s => Assert.True(s > 0));
    }

    [Theory]
    [InlineData("bunsan", true)]
    [InlineData("nearest", false)]
    [InlineData("cloud-only", false)]
    public void GatewayMode_ParsesTheStrategies(string name, bool admission)
    {
        GatewayMode mode = GatewayMode.Parse(name)!;

        Assert.Equal(name, mode.Name);
        Assert.Equal(admission, mode.Admission);
    }

    [Theory]
    [InlineData("")]
    [InlineData("BUNSAN")]
    [InlineData(null)]
    public void GatewayMode_UnknownName_IsNull(string? name) => Assert.Null(GatewayMode.Parse(name));
}
