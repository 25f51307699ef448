using Bunsan.Core.Functions;

namespace Bunsan.Core.Tests.Functions;

public sealed class FunctionCatalogFileTests
{
    private const string Digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private const string Valid = """
        functions:
          - name: collision-warning
            class: realtime
            module_digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            execution: { p50_ms: 1.2, p99_ms: 3.0 }
            resources: { cores: 1, memory_mib: 64 }
            residency: [JP]
            replicas: { min: 2, max: 47 }
          - name: sensor-archive
            class: 250ms
            execution: { p50_ms: 40, p99_ms: 120 }
            resources: { cores: 0.5, memory_mib: 256 }
        """;

    [Fact]
    public void Parse_ValidYaml_BuildsEveryField()
    {
        FunctionCatalogParseResult result = FunctionCatalogFile.Parse(Valid, "f.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        FunctionSpec warning = result.Functions[0];
        Assert.Equal("collision-warning", warning.Name);
        Assert.Same(LatencyClass.Realtime, warning.Class);
        Assert.Equal(Digest, warning.ModuleDigest);
        Assert.Equal(new ExecutionTime(1.2, 3.0), warning.Execution);
        Assert.Equal(new InvocationResources(1, 64), warning.Resources);
        Assert.Equal(["JP"], warning.Residency);
        Assert.Equal((2, 47), (warning.MinReplicas, warning.MaxReplicas));
        FunctionSpec archive = result.Functions[1];
        Assert.Equal(250, archive.Class.BudgetMs);
        Assert.Equal("", archive.ModuleDigest);
        Assert.Empty(archive.Residency);
        Assert.True(archive.AllowsJurisdiction("KR"));
        Assert.Equal((FunctionCatalogFile.DefaultMinReplicas, FunctionCatalogFile.DefaultMaxReplicas), (archive.MinReplicas, archive.MaxReplicas));
    }

    [Fact]
    public void Parse_ValidJson_BuildsEveryField()
    {
        const string json = """
            {"functions": [
              {"name": "vr-render-assist", "class": "immersive",
               "execution": {"p50_ms": 3, "p99_ms": 7.5},
               "resources": {"cores": 2, "memory_mib": 512},
               "residency": ["JP", "KR"],
               "replicas": {"min": 3}}
            ]}
            """;

        FunctionCatalogParseResult result = FunctionCatalogFile.Parse(json, "f.json");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        FunctionSpec function = Assert.Single(result.Functions);
        Assert.Same(LatencyClass.Immersive, function.Class);
        Assert.Equal(["JP", "KR"], function.Residency);
        Assert.Equal((3, FunctionCatalogFile.DefaultMaxReplicas), (function.MinReplicas, function.MaxReplicas));
        Assert.Equal(new ExecutionTime(3, 7.5), function.Execution);
    }

    [Theory]
    [InlineData("    execution: { p50_ms: 40, p99_ms: 120 }\n", "", "functions[1] (sensor-archive): execution is missing: add a mapping of fields")]
    [InlineData("name: sensor-archive", "name: collision-warning", "functions[1] (collision-warning): name 'collision-warning' is already used by functions[0]: give every function its own name")]
    [InlineData("p99_ms: 120", "p99_ms: 30", "functions[1] (sensor-archive): execution.p99_ms is 30, below p50_ms 40: the 99th percentile cannot be faster than the median")]
    [InlineData("p99_ms: 3.0", "p99_ms: 12", "functions[0] (collision-warning): execution.p99_ms is 12, above the realtime budget of 10 ms: no site could meet the deadline")]
    [InlineData("p50_ms: 40", "p50_ms: 0", "functions[1] (sensor-archive): execution.p50_ms is 0: use a number > 0 and <= 3600000")]
    [InlineData("p50_ms: 40", "p50_ms: .nan", "functions[1] (sensor-archive): execution.p50_ms is NaN: use a number > 0")]
    [InlineData("{ min: 2, max: 47 }", "{ min: 48, max: 47 }", "functions[0] (collision-warning): replicas.max is 47, below min 48: make max >= min")]
    [InlineData("{ min: 2, max: 47 }", "{ min: 0, max: 47 }", "functions[0] (collision-warning): replicas.min is 0: use a whole number from 1 to 1000000")]
    [InlineData("{ min: 2, max: 47 }", "{ min: 2.5, max: 47 }", "functions[0] (collision-warning): replicas.min is 2.5: use a whole number")]
    [InlineData("{ min: 2, max: 47 }", "{ minimum: 2, max: 47 }", "functions[0] (collision-warning): replicas.minimum is not a known field: remove it or use one of: min, max")]
    [InlineData("c15b0f00a08", "c15b0f00a0", "functions[0] (collision-warning): module_digest 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd1...' is not a module digest: write sha256: followed by 64 lowercase hex digits")]
    [InlineData("sha256:9f86", "sha1:9f86", "module_digest 'sha1:9f86")]
    [InlineData("sha256:9f86", "sha256:9F86", "is not a module digest")]
    [InlineData("class: realtime", "class: fast", "functions[0] (collision-warning): class 'fast' is not a latency class: use realtime, immersive, control, interactive, batch, or a budget such as 250ms")]
    [InlineData("class: 250ms", "class: -5ms", "functions[1] (sensor-archive): class '-5ms' is not a latency class")]
    [InlineData("class: realtime", "klass: realtime", "functions[0] (collision-warning): klass is not a known field: did you mean 'class'?")]
    [InlineData("residency: [JP]", "residency: [jp]", "functions[0] (collision-warning): residency[0] 'jp' is not an ISO 3166-1 alpha-2 code: use two uppercase letters, e.g. JP")]
    [InlineData("residency: [JP]", "residency: [JP, JP]", "functions[0] (collision-warning): residency[1] 'JP' is listed twice: list each jurisdiction once")]
    [InlineData("residency: [JP]", "residency: JP", "functions[0] (collision-warning): residency is 'JP': write a list")]
    [InlineData("residency: [JP]", "residency: [[JP]]", "functions[0] (collision-warning): residency[0] is a list: write a two-letter country code such as JP")]
    [InlineData("cores: 0.5", "cores: -1", "functions[1] (sensor-archive): resources.cores is -1: use a number > 0 and <= 1024")]
    [InlineData("memory_mib: 256", "memory_mib: lots", "functions[1] (sensor-archive): resources.memory_mib is 'lots', not a number: write a number without quotes")]
    [InlineData("  - name: sensor-archive", "  - name: sensor archive", "functions[1]: name 'sensor archive' has the character ' '")]
    public void Parse_HostileEdit_ReportsTheProblem(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);

        FunctionCatalogParseResult result = FunctionCatalogFile.Parse(Valid.Replace(find, replace, StringComparison.Ordinal), "f.yaml");

        Assert.False(result.Succeeded);
        Assert.Empty(result.Functions);
        Assert.True(
            result.Errors.Any(e => e.StartsWith("f.yaml:", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal)),
            string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("", "f.yaml: is empty: write a YAML or JSON document")]
    [InlineData("functions: []\n", "f.yaml:1:12: functions is empty: list at least one function")]
    [InlineData("function: []\n", "f.yaml:1:1: functions is missing: add a list")]
    [InlineData("functions: [batch]\n", "f.yaml:1:13: functions[0]: is 'batch': write a mapping with name, class, execution, resources, ...")]
    [InlineData("functions:\n  - name: [\n", "f.yaml:3:1: is not valid YAML or JSON:")]
    public void Parse_BrokenDocument_ReportsWhere(string text, string expectedStart)
    {
        FunctionCatalogParseResult result = FunctionCatalogFile.Parse(text, "f.yaml");

        Assert.False(result.Succeeded);
        Assert.True(result.Errors.Any(e => e.StartsWith(expectedStart, StringComparison.Ordinal)), string.Join("\n", result.Errors));
    }
}
