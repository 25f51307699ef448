using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Simulation.Demand;

namespace Bunsan.Simulation.Tests.Demand;

public sealed class FunctionMappingTests
{
    private static FunctionSpec Function(string name, LatencyClass latencyClass) =>
        new(name, "", new InvocationResources(0.1, 128), new ExecutionTime(2, 5), latencyClass, ImmutableArray<string>.Empty, 1, 10);

    private static readonly FunctionSpec[] OnePerClass = [.. LatencyClass.Named.Select(c => Function("fn-" + c.Name, c))];

    private static string[] Keys(int count) => [.. Enumerable.Range(0, count).Select(i => $"key-{i:x8}")];

    [Fact]
    public void Map_ReorderedTrace_EveryKeyKeepsItsFunction()
    {
        string[] keys = Keys(500);
        string[] reversed = [.. keys.Reverse()];

        int[] forward = FunctionMapping.Map(keys, OnePerClass, seed: 7);
        int[] backward = FunctionMapping.Map(reversed, OnePerClass, seed: 7);

        for (int i = 0; i < keys.Length; i++)
        {
            Assert.Equal(forward[i], backward[keys.Length - 1 - i]);
        }
    }

    [Fact]
    public void Map_ManyKeys_ClassSharesMatchTheDocumentedShares()
    {
        const int n = 40_000;

        int[] map = FunctionMapping.Map(Keys(n), OnePerClass, seed: 1);

        foreach (var (latencyClass, share) in FunctionMapping.ClassShares)
        {
            int index = Array.FindIndex(OnePerClass, f => f.Class == latencyClass);
            double observed = map.Count(m => m == index) / (double)n;
            // Binomial sd <= sqrt(0.25 / 40000) = 0.0025: allow 5 sd.
            Assert.InRange(observed, share - 0.0125, share + 0.0125);
        }
    }

    [Fact]
    public void Map_OtherSeed_MovesSomeKeys()
    {
        string[] keys = Keys(200);

        int[] a = FunctionMapping.Map(keys, OnePerClass, seed: 1);
        int[] b = FunctionMapping.Map(keys, OnePerClass, seed: 2);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Weights_AbsentClasses_SharesSpreadOverPresentOnes()
    {
        FunctionSpec[] catalog = [Function("a", LatencyClass.Realtime), Function("b", LatencyClass.Realtime), Function("c", LatencyClass.Batch)];

        double[] weights = FunctionMapping.Weights(catalog);

        Assert.Equal(0.15 / 0.58 / 2, weights[0], 12);
        Assert.Equal(weights[0], weights[1], 12);
        Assert.Equal(0.43 / 0.58, weights[2], 12);
    }

    [Fact]
    public void Weights_CustomBudget_CountsAsTheNextNamedClass()
    {
        FunctionSpec[] catalog = [Function("custom", new LatencyClass("50ms", 50)), Function("ctl", LatencyClass.Control), Function("rt", LatencyClass.Realtime)];

        double[] weights = FunctionMapping.Weights(catalog);

        Assert.Equal(weights[0], weights[1], 12);
        Assert.Equal(0.15 / 0.27, weights[2], 12);
    }

    [Fact]
    public void ClassShares_Always_SumToOne()
    {
        Assert.Equal(1, FunctionMapping.ClassShares.Sum(s => s.Share), 12);
    }
}
