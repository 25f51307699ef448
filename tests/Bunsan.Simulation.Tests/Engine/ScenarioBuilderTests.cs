using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Bunsan.Core.Functions;
using Bunsan.Core.Topologies;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;
using static Bunsan.Simulation.Tests.Engine.TinyWorld;

namespace Bunsan.Simulation.Tests.Engine;

public sealed class ScenarioBuilderTests
{
    private static readonly Topology World = new("tiny", [Site("edge-a", Tokyo, cores: 4)]);

    /// <summary>One arrival every second for <paramref name="minutes"/> minutes.</summary>
    private static ArrivalsTrace EverySecond(int minutes)
    {
        var csv = new StringBuilder("TIMESTAMP\n");
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (int s = 0; s < minutes * 60; s++)
        {
            csv.Append(start.AddSeconds(s).ToString("O", CultureInfo.InvariantCulture)).Append('\n');
        }
        using var reader = new StringReader(csv.ToString());
        Assert.True(ArrivalsTrace.TryParse(reader, out var trace, out string? error), error);
        return trace!;
    }

    [Fact]
    public void FromArrivals_Window_KeepsOnlyItsArrivalsFromItsStart()
    {
        ImmutableArray<FunctionSpec> functions = [Function("f", LatencyClass.Realtime, 1, 2)];

        var scenario = ScenarioBuilder.FromArrivals(World, new ConstantLatencyModel(2), functions, EverySecond(5),
            startMinute: 1, durationMinutes: 2, rateScale: 1, OriginCatalog.FromPoints([Tokyo]), seed: 3);

        Assert.Equal(120, scenario.Arrivals.Length);
        Assert.Equal(0, scenario.Arrivals[0].TimeMs);
        Assert.True(scenario.Arrivals[^1].TimeMs < 120_000);
    }

    [Fact]
    public void FromArrivals_ClassRateScale_MultipliesOnlyThatClass()
    {
        ImmutableArray<FunctionSpec> functions =
            [Function("rt", LatencyClass.Realtime, 1, 2), Function("bg", LatencyClass.Batch, 100, 300)];
        var trace = EverySecond(10);
        var plain = ScenarioBuilder.FromArrivals(World, new ConstantLatencyModel(2), functions, trace, 0, 10, 1, OriginCatalog.FromPoints([Tokyo]), seed: 3);

        var scaled = ScenarioBuilder.FromArrivals(World, new ConstantLatencyModel(2), functions, trace, 0, 10, 1, OriginCatalog.FromPoints([Tokyo]), seed: 3,
            classRateScale: new Dictionary<string, double> { ["realtime"] = 3 });

        int Count(SimulationScenario s, int source) => s.Arrivals.Count(a => a.SourceIndex == source);
        Assert.Equal(3 * Count(plain, 0), Count(scaled, 0));
        Assert.Equal(Count(plain, 1), Count(scaled, 1));
        Assert.True(scaled.Arrivals.Zip(scaled.Arrivals.Skip(1)).All(p => p.First.TimeMs <= p.Second.TimeMs), "arrivals must stay in time order");
    }
}
