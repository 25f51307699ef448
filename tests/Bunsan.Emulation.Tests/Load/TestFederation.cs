using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Simulation.Demand;
using Bunsan.Simulation.Engine;

namespace Bunsan.Emulation.Tests.Load;

/// <summary>A site of a test federation; <paramref name="Endpoint"/> null leaves it without an agent.</summary>
internal sealed record TestSite(string Id, double Lat, double Lon, Uri? Endpoint);

/// <summary>Topology, function catalog and arrivals files in a temporary folder, as `bunsan loadgen` reads them.</summary>
internal sealed class TestFederation : IDisposable
{
    public static readonly GeoPoint TokyoPoint = new(35.6812, 139.7671);
    public static readonly GeoPoint OsakaPoint = new(34.7025, 135.4959);
    public static readonly GeoPoint SapporoPoint = new(43.0687, 141.3508);
    public static readonly GeoPoint NahaPoint = new(26.2124, 127.6809);

    private readonly string _dir = Directory.CreateTempSubdirectory("bunsan-loadgen-").FullName;

    /// <param name="functions">(name, latency class) per catalog function.</param>
    /// <param name="arrivals">Arrivals spread evenly over <paramref name="spanMs"/>.</param>
    public TestFederation(IEnumerable<TestSite> sites, IEnumerable<(string Name, string Class)> functions, int arrivals, double spanMs)
    {
        var topology = new StringBuilder("name: test-federation\nsites:\n");
        foreach (TestSite s in sites)
        {
            topology.Append(CultureInfo.InvariantCulture, $$"""
                  - id: {{s.Id}}
                    location: { lat: {{s.Lat}}, lon: {{s.Lon}} }
                    tier: edge
                    jurisdiction: JP
                    metro: {{s.Id}}
                    region: {{s.Id}}
                    capacity: { cores: 8, memory_gib: 32 }
                    energy: { idle_w: 100, peak_w: 300, pue: 1.5, grid_carbon_g_per_kwh: 450 }

                """);
            if (s.Endpoint is not null)
            {
                topology.Append(CultureInfo.InvariantCulture, $"    endpoint: {s.Endpoint.GetLeftPart(UriPartial.Authority)}\n");
            }
        }
        var catalog = new StringBuilder("functions:\n");
        foreach (var (name, latencyClass) in functions)
        {
            catalog.Append(CultureInfo.InvariantCulture, $$"""
                  - name: {{name}}
                    class: {{latencyClass}}
                    execution: { p50_ms: 1, p99_ms: 2 }
                    resources: { cores: 0.5, memory_mib: 64 }

                """);
        }
        var times = new StringBuilder("TIMESTAMP\n");
        var first = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < arrivals; i++)
        {
            times.Append(first.AddMilliseconds(i * spanMs / arrivals).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append('\n');
        }
        File.WriteAllText(TopologyPath, topology.ToString());
        File.WriteAllText(FunctionsPath, catalog.ToString());
        File.WriteAllText(ArrivalsPath, times.ToString());
    }

    public string TopologyPath => Path.Combine(_dir, "topology.yaml");

    public string FunctionsPath => Path.Combine(_dir, "functions.yaml");

    public string ArrivalsPath => Path.Combine(_dir, "arrivals.csv");

    public string Folder => _dir;

    /// <summary>The scenario `bunsan sim` would build from these files, with origins only at <paramref name="origins"/>.</summary>
    public SimulationScenario Scenario(params GeoPoint[] origins)
    {
        TopologyParseResult topology = TopologyFile.Parse(File.ReadAllText(TopologyPath), TopologyPath);
        Assert.True(topology.Succeeded, string.Join("; ", topology.Errors));
        FunctionCatalogParseResult functions = FunctionCatalogFile.Parse(File.ReadAllText(FunctionsPath), FunctionsPath);
        Assert.True(functions.Succeeded, string.Join("; ", functions.Errors));
        using var reader = new StreamReader(ArrivalsPath);
        Assert.True(ArrivalsTrace.TryParse(reader, out ArrivalsTrace? arrivals, out string? error), error);
        ImmutableArray<FunctionSpec> catalog = functions.Functions;
        return ScenarioBuilder.FromArrivals(topology.Topology!, FittedLatencyModel.Default, catalog, arrivals!, 0, 60, 1,
            OriginCatalog.FromPoints(origins), seed: 1);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
