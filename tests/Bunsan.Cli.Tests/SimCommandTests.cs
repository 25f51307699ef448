using static Bunsan.Cli.Tests.CliRunner;

namespace Bunsan.Cli.Tests;

/// <summary>`bunsan sim`: bad input exits 2 naming the field; the same seed gives the same JSON.</summary>
public sealed class SimCommandTests
{
    [Fact]
    public void Sim_UnknownStrategy_ExitsTwoListingTheValidOnes()
    {
        var (code, output, error) = Run("sim", "--strategies", "bunsan,fastest");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output);
        Assert.Contains("--strategies", error, StringComparison.Ordinal);
        Assert.Contains("fastest", error, StringComparison.Ordinal);
        Assert.Contains("bunsan, cloud-only, nearest, least-loaded, random", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--duration", "ten")]
    [InlineData("--duration", "-5m")]
    [InlineData("--duration", "0")]
    [InlineData("--rate-scale", "0")]
    [InlineData("--start-minute", "-1")]
    [InlineData("--sites", "0")]
    [InlineData("--class-rate-scale", "realtime")]
    [InlineData("--class-rate-scale", "realtime=-2")]
    [InlineData("--plot", "out.pdf")]
    public void Sim_BadValue_ExitsTwoNamingTheOption(string option, string value)
    {
        var (code, _, error) = Run("sim", option, value);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--topology")]
    [InlineData("--functions")]
    [InlineData("--azure-functions-trace")]
    [InlineData("--arrivals")]
    public void Sim_MissingFile_ExitsTwoNamingTheOption(string option)
    {
        var (code, _, error) = Run("sim", option, "/nonexistent/bunsan-test.file");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sim_TraceAndArrivalsTogether_ExitsTwo()
    {
        var (code, _, error) = Run("sim", "--azure-functions-trace", "a.csv", "--arrivals", "b.csv");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("not both", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sim_UnknownClassInClassRateScale_ExitsTwoListingClasses()
    {
        var (code, _, error) = Run("sim", "--duration", "10s", "--class-rate-scale", "warp=3");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("realtime", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sim_ArrivalsWindowPastTheirEnd_ExitsTwoNamingStartMinute()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "TIMESTAMP\n2026-01-01T00:00:00Z\n2026-01-01T00:01:30Z\n");

            var (code, _, error) = Run("sim", "--arrivals", path, "--start-minute", "5");

            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("--start-minute", error, StringComparison.Ordinal);
            Assert.Contains("1.5 minutes", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sim_SameSeedTwice_SameJsonWithTheDocumentedShape()
    {
        string[] args = ["sim", "--duration", "20s", "--strategies", "bunsan,nearest", "--seed", "4", "--json"];
        var (code, first, error) = Run(args);
        Assert.True(code == ExitCodes.Ok, error);
        var (_, second, _) = Run(args);
        Assert.Equal(first, second);

        using var doc = System.Text.Json.JsonDocument.Parse(first);
        var strategies = doc.RootElement.GetProperty("strategies");
        Assert.Equal(2, strategies.GetArrayLength());
        foreach (var strategy in strategies.EnumerateArray())
        {
            _ = strategy.GetProperty("name").GetString();
            _ = strategy.GetProperty("energy_kwh").GetDouble();
            _ = strategy.GetProperty("network_gb_km").GetDouble();
            foreach (var c in strategy.GetProperty("classes").EnumerateArray())
            {
                foreach (string field in new[] { "class", "requests", "infeasible", "hit_pct", "hit_feasible_pct", "rejected_pct", "p50_ms", "p95_ms", "p99_ms" })
                {
                    Assert.True(c.TryGetProperty(field, out _), $"missing {field}");
                }
            }
        }
    }

    [Fact]
    public void Sim_NoArguments_PrintsATableForEveryStrategy()
    {
        var (code, output, error) = Run("sim", "--duration", "15s");
        Assert.True(code == ExitCodes.Ok, error);
        foreach (string strategy in new[] { "bunsan", "cloud-only", "nearest", "least-loaded", "random" })
        {
            Assert.Contains(strategy, output, StringComparison.Ordinal);
        }
        Assert.Contains("realtime 10ms", output, StringComparison.Ordinal);
    }
}
