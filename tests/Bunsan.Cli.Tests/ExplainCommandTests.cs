using System.Text.Json;
using Bunsan.Tests;
using static Bunsan.Cli.Tests.CliRunner;

namespace Bunsan.Cli.Tests;

/// <summary>`bunsan explain` on small hand-written files: every site listed, reasons given, bad input exits 2.</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private const string TopologyYaml = """
        name: three-cities
        sites:
          - id: edge-sapporo
            name: Sapporo edge
            location: { lat: 43.064, lon: 141.348 }
            tier: edge
            jurisdiction: JP
            metro: sapporo
            region: hokkaido
            capacity: { cores: 16, memory_gib: 64 }
            energy: { idle_w: 80, peak_w: 190, pue: 1.8, grid_carbon_g_per_kwh: 550 }
          - id: edge-tokyo
            name: Tokyo edge
            location: { lat: 35.690, lon: 139.692 }
            tier: edge
            jurisdiction: JP
            metro: tokyo
            region: kanto
            capacity: { cores: 32, memory_gib: 128 }
            energy: { idle_w: 160, peak_w: 380, pue: 1.6, grid_carbon_g_per_kwh: 450 }
          - id: cloud-seoul
            name: Seoul cloud
            location: { lat: 37.566, lon: 126.978 }
            tier: cloud
            jurisdiction: KR
            metro: seoul
            region: korea
            capacity: { cores: 1024, memory_gib: 8192 }
            energy: { idle_w: 3072, peak_w: 8192, pue: 1.2, grid_carbon_g_per_kwh: 450 }
        """;

    private const string FunctionsYaml = """
        functions:
          - name: collision-warning
            class: realtime
            execution: { p50_ms: 1.0, p99_ms: 2.5 }
            resources: { cores: 1, memory_mib: 64 }
            residency: [JP]
            replicas: { min: 1, max: 4 }
          - name: nightly-report
            class: batch
            execution: { p50_ms: 500, p99_ms: 2000 }
            resources: { cores: 1, memory_mib: 256 }
            replicas: { min: 1, max: 2 }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("bunsan-explain-").FullName;
    private readonly string _topology;
    private readonly string _functions;

    public ExplainCommandTests()
    {
        _topology = Write("topology.yaml", TopologyYaml);
        _functions = Write("functions.yaml", FunctionsYaml);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Explain_SapporoOrigin_ListsEverySiteWithReasons()
    {
        var (code, output, error) = Run("explain", "--topology", _topology, "--functions", _functions, "--function", "collision-warning", "--origin", "43.06,141.35");

        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains("edge-sapporo", output, StringComparison.Ordinal);
        Assert.Contains("deadline: best RTT", output, StringComparison.Ordinal);
        Assert.Contains("jurisdiction: site is in KR", output, StringComparison.Ordinal);
        Assert.Contains("3 sites: 1 kept, 2 not", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Json_HasEverySiteAndTheReplicaWithSlack()
    {
        var (code, output, error) = Run("explain", "--topology", _topology, "--functions", _functions, "--function", "collision-warning", "--origin", "43.06,141.35", "--json");

        Assert.True(code == ExitCodes.Ok, error);
        using var json = JsonDocument.Parse(output);
        var sites = json.RootElement.GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal(["edge-sapporo", "edge-tokyo", "cloud-seoul"], sites.Select(s => s.GetProperty("site_id").GetString()));
        Assert.All(sites.Where(s => !s.GetProperty("kept").GetBoolean()), s => Assert.NotEmpty(s.GetProperty("reason").GetString()!));
        Assert.Equal("deadline", sites[1].GetProperty("stage").GetString());
        Assert.Equal("jurisdiction", sites[2].GetProperty("stage").GetString());
        var replica = Assert.Single(json.RootElement.GetProperty("replicas").EnumerateArray());
        Assert.Equal("edge-sapporo", replica.GetProperty("site_id").GetString());
        Assert.InRange(replica.GetProperty("slack_ms").GetDouble(), 0, 10);
        Assert.Equal(10, json.RootElement.GetProperty("budget_ms").GetDouble());
    }

    [Fact]
    public void Explain_OriginNoSiteReaches_SaysSoAndStillExitsZero()
    {
        var (code, output, _) = Run("explain", "--topology", _topology, "--functions", _functions, "--function", "collision-warning", "--origin", "26.21,127.68", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("unserved").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("sites").GetArrayLength());
    }

    [Fact]
    public void Explain_BatchFunction_HasNoBudgetAndPicksAJapaneseOrKoreanSite()
    {
        var (code, output, error) = Run("explain", "--topology", _topology, "--functions", _functions, "--function", "nightly-report", "--origin", "35.68,139.76", "--json");

        Assert.True(code == ExitCodes.Ok, error);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.TryGetProperty("budget_ms", out _));
        Assert.NotEmpty(json.RootElement.GetProperty("replicas").EnumerateArray());
    }

    [Fact]
    public void Explain_UnknownFunction_ExitsTwoListingKnownNames()
    {
        var (code, _, error) = Run("explain", "--topology", _topology, "--functions", _functions, "--function", "nope", "--origin", "35.68,139.76");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--function", error, StringComparison.Ordinal);
        Assert.Contains("collision-warning, nightly-report", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("35.68")]
    [InlineData("91,139")]
    [InlineData("35.68,east")]
    [InlineData("NaN,139")]
    [InlineData("")]
    public void Explain_BadOrigin_ExitsTwoNamingTheOption(string origin)
    {
        var (code, _, error) = Run("explain", "--topology", _topology, "--functions", _functions, "--function", "collision-warning", "--origin", origin);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--origin", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sites: []\n")]
    [InlineData("name: x\nsites:\n  - id: a\n    location: { lat: 200, lon: 0 }\n")]
    [InlineData("{{{ not yaml")]
    public void Explain_InvalidTopology_ExitsTwoWithTheLoadersErrors(string text)
    {
        string bad = Write("bad-topology.yaml", text);

        var (code, _, error) = Run("explain", "--topology", bad, "--functions", _functions, "--function", "collision-warning", "--origin", "35.68,139.76");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--topology", error, StringComparison.Ordinal);
        Assert.Contains("bad-topology.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_InvalidFunctions_ExitsTwo()
    {
        string bad = Write("bad-functions.yaml", "functions:\n  - name: x\n    class: warp-speed\n");

        var (code, _, error) = Run("explain", "--topology", _topology, "--functions", bad, "--function", "x", "--origin", "35.68,139.76");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--functions", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_MissingFile_ExitsTwo()
    {
        var (code, _, error) = Run("explain", "--topology", Path.Combine(_dir, "absent.yaml"), "--functions", _functions, "--function", "x", "--origin", "35.68,139.76");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ShippedJapanTopology_ListsAllItsSites()
    {
        string topology = Path.Combine(SharedData.RepoRoot, "examples", "topologies", "japan.yaml");
        string functions = Path.Combine(SharedData.RepoRoot, "examples", "functions.yaml");

        var (code, output, error) = Run("explain", "--topology", topology, "--functions", functions, "--function", "collision-warning", "--origin", "43.06,141.35", "--json");

        Assert.True(code == ExitCodes.Ok, error);
        using var json = JsonDocument.Parse(output);
        int siteCount = File.ReadAllLines(topology).Count(l => l.TrimStart().StartsWith("- id:", StringComparison.Ordinal));
        Assert.Equal(siteCount, json.RootElement.GetProperty("sites").GetArrayLength());
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
