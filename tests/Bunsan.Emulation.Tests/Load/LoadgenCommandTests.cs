using System.CommandLine;
using System.Text.Json;
using Bunsan.Cli;
using Bunsan.Cli.Commands;
using Bunsan.Core.Functions;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;
using Bunsan.Tests;

namespace Bunsan.Emulation.Tests.Load;

/// <summary>`bunsan loadgen` through the CLI's own entry point, against fake agents.</summary>
public sealed class LoadgenCommandTests : IAsyncLifetime
{
    private FakeAgent _tokyo = null!;
    private FakeAgent _osaka = null!;

    public async ValueTask InitializeAsync()
    {
        _tokyo = await FakeAgent.StartAsync("tokyo");
        _osaka = await FakeAgent.StartAsync("osaka");
    }

    public async ValueTask DisposeAsync()
    {
        await _tokyo.DisposeAsync();
        await _osaka.DisposeAsync();
    }

    private TestFederation Federation(bool withEndpoints = true, int arrivals = 30) => new(
        [new("tokyo", TestFederation.TokyoPoint.Latitude, TestFederation.TokyoPoint.Longitude, withEndpoints ? _tokyo.Endpoint : null),
         new("osaka", TestFederation.OsakaPoint.Latitude, TestFederation.OsakaPoint.Longitude, withEndpoints ? _osaka.Endpoint : null)],
        [("echo-realtime", "realtime"), ("echo-batch", "batch")], arrivals, spanMs: 300);

    private static string[] Args(TestFederation f, params string[] more) =>
        ["--topology", f.TopologyPath, "--functions", f.FunctionsPath, "--arrivals", f.ArrivalsPath, "--duration", "1m", .. more];

    [Fact]
    public void Loadgen_AgainstRunningAgents_JsonCountsEveryArrivalAndServingSite()
    {
        using TestFederation federation = Federation();

        var (code, output, error) = Run([.. Args(federation), "--json"]);

        Assert.True(code == ExitCodes.Ok, error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(30, root.GetProperty("requests").GetInt64());
        JsonElement[] classes = [.. root.GetProperty("classes").EnumerateArray()];
        Assert.Equal(30, classes.Sum(c => c.GetProperty("requests").GetInt64()));
        Assert.All(classes, c => Assert.True(c.TryGetProperty("p95_ms", out _) && c.TryGetProperty("hit_pct", out _)));
        // Realtime requests this client sends over 10 ms late expire unsent; every other one is answered by one agent.
        long answered = classes.Sum(c => c.GetProperty("hits").GetInt64() + c.GetProperty("late").GetInt64());
        Assert.Equal(30, answered + classes.Sum(c => c.GetProperty("expired").GetInt64()));
        Assert.Equal(answered, root.GetProperty("sites").EnumerateArray().Sum(s => s.GetProperty("served").GetInt64()));
        Assert.Equal(answered, _tokyo.Seen.Count + _osaka.Seen.Count);
        Assert.False(root.GetProperty("emulated_wan").GetBoolean());
    }

    [Fact]
    public void Loadgen_AzureTrace_SendsTheSimulatorsRequests()
    {
        using TestFederation federation = Federation();
        string trace = Path.Combine(SharedData.RepoRoot, "examples", "traces", "azure-functions-2019-sample_inv.csv");
        SimulationScenario sim = SimulatorScenario(federation, trace, durationMinutes: 1.0 / 60);

        var (code, output, error) = Run("--topology", federation.TopologyPath, "--functions", federation.FunctionsPath,
            "--azure-functions-trace", trace, "--duration", "1s", "--json");

        Assert.True(code == ExitCodes.Ok, error);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.InRange(sim.Arrivals.Length, 1, 10_000);
        Assert.Equal(sim.Arrivals.Length, json.RootElement.GetProperty("requests").GetInt64());
        foreach (JsonElement c in json.RootElement.GetProperty("classes").EnumerateArray())
        {
            int classIndex = sim.ClassNames.IndexOf(c.GetProperty("class").GetString()!);
            Assert.Equal(sim.Arrivals.Count(a => sim.FunctionClass[sim.SourceFunction[a.SourceIndex]] == classIndex), c.GetProperty("requests").GetInt64());
        }
    }

    [Fact]
    public void Loadgen_Table_NamesClassesSitesAndTheNetwork()
    {
        using TestFederation federation = Federation();

        var (code, output, _) = Run([.. Args(federation), "--emulate-wan"]);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("network: emulated wide-area latency", output, StringComparison.Ordinal);
        Assert.Contains("realtime 10ms", output, StringComparison.Ordinal);
        Assert.Contains("serving site", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loadgen_NoAgentListening_FailsNamingTheEndpoints()
    {
        using TestFederation federation = Federation(arrivals: 5);
        await _tokyo.DisposeAsync();
        await _osaka.DisposeAsync();

        var (code, _, error) = Run(Args(federation));

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("no agent answered any request", error, StringComparison.Ordinal);
        Assert.Contains(_tokyo.Endpoint.Authority, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--topology", "/nonexistent/topology.yaml", "--topology")]
    [InlineData("--functions", "/nonexistent/functions.yaml", "--functions")]
    [InlineData("--arrivals", "/nonexistent/arrivals.csv", "--arrivals")]
    [InlineData("--duration", "soon", "--duration")]
    [InlineData("--duration", "-5m", "--duration")]
    [InlineData("--rate-scale", "0", "--rate-scale")]
    [InlineData("--max-in-flight", "0", "--max-in-flight")]
    [InlineData("--class-rate-scale", "realtime", "--class-rate-scale")]
    [InlineData("--azure-functions-trace", "trace_inv.csv", "--azure-functions-trace")]
    [InlineData("--data", "@/nonexistent/input.bin", "--data")]
    public void Loadgen_BadOption_ExitTwoNamingTheField(string option, string value, string field)
    {
        using TestFederation federation = Federation();
        string[] args = Args(federation);
        int at = Array.IndexOf(args, option);
        args = at >= 0 ? [.. args[..(at + 1)], value, .. args[(at + 2)..]] : [.. args, option, value];

        var (code, output, error) = Run(args);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"error: {field}: ", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void Loadgen_TopologyWithoutEndpoints_ExitTwoSayingHowToAddThem()
    {
        using TestFederation federation = Federation(withEndpoints: false);

        var (code, _, error) = Run(Args(federation));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--topology: no site of topology 'test-federation' has an endpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Loadgen_NoTraceGiven_ExitTwoAskingForOne()
    {
        using TestFederation federation = Federation();

        var (code, _, error) = Run("--topology", federation.TopologyPath, "--functions", federation.FunctionsPath, "--duration", "1m");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--azure-functions-trace: give exactly one of --azure-functions-trace FILE or --arrivals FILE", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Loadgen_DurationMissing_ExitTwoNamingIt()
    {
        using TestFederation federation = Federation();

        var (code, _, error) = Run("--topology", federation.TopologyPath, "--functions", federation.FunctionsPath, "--arrivals", federation.ArrivalsPath);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--duration", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Loadgen_Help_ShowsAnExample()
    {
        var (code, output, _) = Run("--help");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Example", output, StringComparison.Ordinal);
        Assert.Contains("bunsan loadgen", output, StringComparison.Ordinal);
    }

    /// <summary>The scenario `bunsan sim` builds from the same files and seed (its runtimes file is the trace's sibling).</summary>
    private static SimulationScenario SimulatorScenario(TestFederation federation, string tracePath, double durationMinutes)
    {
        var topology = TopologyFile.Parse(File.ReadAllText(federation.TopologyPath), federation.TopologyPath).Topology!;
        var functions = FunctionCatalogFile.Parse(File.ReadAllText(federation.FunctionsPath), federation.FunctionsPath).Functions;
        using var invocations = new StreamReader(tracePath);
        using var runtimes = new StreamReader(tracePath.Replace("_inv.csv", "_run.csv", StringComparison.Ordinal));
        Assert.True(AzureFunctionsTrace.TryParse(invocations, runtimes, out AzureFunctionsTrace? trace, out string? error), error);
        return ScenarioBuilder.FromAzureTrace(topology, FittedLatencyModel.Default, functions, trace!, 0, durationMinutes, 1,
            OriginCatalog.JapanMunicipalities, seed: 1);
    }

    /// <summary>What BunsanCli.Run does, with only this verb registered.</summary>
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = BunsanCli.Run(["loadgen", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
