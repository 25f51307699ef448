using System.Collections.Immutable;
using Bunsan.Core.Functions;

namespace Bunsan.Core.Tests.Functions;

public sealed class FunctionValidatorTests
{
    private static readonly FunctionSpec Sound = new(
        "collision-warning", "", new InvocationResources(0.5, 64), new ExecutionTime(1, 2.5), LatencyClass.Realtime, ["JP"], 2, 8, "echo.wat");

    [Fact]
    public void Validate_SoundSpec_HasNoErrors() => Assert.Empty(FunctionValidator.Validate(Sound));

    [Fact]
    public void Validate_BadFields_NamesEachAsTheCatalogWould()
    {
        FunctionSpec bad = Sound with
        {
            Name = "../etc",
            ModuleDigest = "sha256:ABC",
            Module = "/abs/echo.wat",
            Execution = new ExecutionTime(double.NaN, 30),
            Resources = new InvocationResources(0, 64),
            Residency = ImmutableArray.Create("JP", "jp", "JP"),
            MinReplicas = 4,
            MaxReplicas = 2,
        };

        var fields = FunctionValidator.Validate(bad).Select(e => e[..e.IndexOf(' ', StringComparison.Ordinal)]);

        Assert.Equal(["name", "module_digest", "module", "execution.p50_ms", "resources.cores", "residency[1]", "residency[2]", "replicas.max"], fields);
    }

    [Theory]
    [InlineData(5, 3, "execution.p99_ms is 3, below p50_ms 5")]
    [InlineData(1, 30, "execution.p99_ms is 30, above the realtime budget of 10 ms")]
    public void Validate_P99_CheckedAgainstP50AndTheBudget(double p50, double p99, string expected) =>
        Assert.StartsWith(expected, Assert.Single(FunctionValidator.Validate(Sound with { Execution = new ExecutionTime(p50, p99) })), StringComparison.Ordinal);

    [Fact]
    public void Validate_UnknownClassName_Rejected() =>
        Assert.StartsWith("class 'warp' is not a latency class", Assert.Single(FunctionValidator.Validate(Sound with { Class = new LatencyClass("warp", 1) })), StringComparison.Ordinal);
}
