using System.Globalization;
using System.Text.Json;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Tests;

using static Bunsan.Cli.Tests.CliRunner;

namespace Bunsan.Cli.Tests;

public sealed class LatencyCommandsTests : IDisposable
{
    private readonly List<string> _tempFiles = [];

    public void Dispose() => _tempFiles.ForEach(File.Delete);

    private string TempFile(string text)
    {
        string path = Path.GetTempFileName();
        _tempFiles.Add(path);
        File.WriteAllText(path, text);
        return path;
    }

    private static double Expected(double fromLat, double fromLon, double toLat, double toLon) =>
        Math.Round(FittedLatencyModel.Default.RttMs(new GeoPoint(fromLat, fromLon), new GeoPoint(toLat, toLon)), 3);

    [Fact]
    public void Predict_TokyoOsaka_PrintsABareNumberFromTheShippedModel()
    {
        var (code, output, _) = Run("latency", "predict", "--from", "35.6833,139.7667", "--to", "34.6939,135.5022");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(Expected(35.6833, 139.7667, 34.6939, 135.5022), double.Parse(output.Trim(), CultureInfo.InvariantCulture));
        Assert.InRange(double.Parse(output.Trim(), CultureInfo.InvariantCulture), 8.25 - 2.5, 8.25 + 2.5);
    }

    [Fact]
    public void Predict_Json_PrintsDistanceRttAndPhysicalBound()
    {
        var (code, output, _) = Run("latency", "predict", "--from", "35.68,139.77", "--to", "43.06,141.35", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        double distance = json.RootElement.GetProperty("distance_km").GetDouble();
        Assert.InRange(distance, 820, 840);
        Assert.Equal(distance * 0.01, json.RootElement.GetProperty("physical_bound_ms").GetDouble(), 9);
        Assert.True(json.RootElement.GetProperty("rtt_ms").GetDouble() > json.RootElement.GetProperty("physical_bound_ms").GetDouble());
    }

    [Fact]
    public void Predict_PairsFile_PrintsOneRttPerLineInOrder()
    {
        string path = TempFile("35.68,139.77,43.06,141.35\n35.68,139.77,34.69,135.50\r\n51.5,-0.12,35.68,139.77\n35.68,139.77,35.68,139.77\n");

        var (code, output, _) = Run("latency", "predict", "--pairs", path);

        Assert.Equal(ExitCodes.Ok, code);
        double[] got = [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => double.Parse(l, CultureInfo.InvariantCulture))];
        Assert.Equal(
            [Expected(35.68, 139.77, 43.06, 141.35), Expected(35.68, 139.77, 34.69, 135.50), Expected(51.5, -0.12, 35.68, 139.77), Expected(35.68, 139.77, 35.68, 139.77)],
            got);
    }

    [Theory]
    [InlineData("35.68,139.77,43.06,141.35\n35.68,139.77,34.69\n", "line 2 has 3 field(s)")]
    [InlineData("35.68,139.77,43.06,141.35\n\n35.68,139.77,34.69,135.5\n", "line 2 has 1 field(s)")]
    [InlineData("35.68,139.77,43.06,141.35\n35.68,139.77,94,135.5\n", "line 2: latitude 94")]
    [InlineData("35.68,139.77,43.06,abc\n", "line 1: 'abc'")]
    public void Predict_BadPairsLine_ExitsTwoNamingTheLine(string text, string expected)
    {
        var (code, output, error) = Run("latency", "predict", "--pairs", TempFile(text));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output);
        Assert.Contains($"--pairs: {expected}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--from", "35.68", "--to", "34.69,135.50" }, "--from")]
    [InlineData(new[] { "--from", "35.68,139.77", "--to", "34.69,200" }, "--to")]
    [InlineData(new[] { "--from", "35.68,139.77" }, "--to")]
    [InlineData(new string[0], "--from")]
    [InlineData(new[] { "--pairs", "/nonexistent/pairs.csv" }, "--pairs")]
    public void Predict_BadArguments_ExitsTwoNamingTheOption(string[] args, string option)
    {
        var (code, _, error) = Run(["latency", "predict", .. args]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"error: {option}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_PairsWithFrom_ExitsTwo()
    {
        var (code, _, error) = Run("latency", "predict", "--pairs", TempFile("1,2,3,4\n"), "--from", "1,2");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("cannot be combined", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_WonderNetworkData_JsonShowsModelCloserThanPhysicalBound()
    {
        string? folder = SharedData.PathOf("data/latency/wondernetwork_2020", out string reason);
        if (folder is null)
        {
            Assert.Skip(reason);
        }

        var (code, output, _) = Run("latency", "fit", "--json", "--seed", "42",
            "--pings", Path.Combine(folder, "pings-2020-07-19-2020-07-20-grouped.csv"),
            "--servers", Path.Combine(folder, "servers-2020-07-19.csv"));

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        JsonElement fit = json.RootElement.GetProperty("fit");
        Assert.True(fit.GetProperty("model").GetProperty("under_1000_km").GetProperty("median_abs_ms").GetDouble() <
                    fit.GetProperty("physical_bound").GetProperty("under_1000_km").GetProperty("median_abs_ms").GetDouble());
        Assert.Equal([292, 293, 294, 295], json.RootElement.GetProperty("unknown_server_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(3, json.RootElement.GetProperty("reference_pairs").GetArrayLength());
    }

    [Fact]
    public void Fit_HostilePingFile_ExitsTwoNamingLineAndColumn()
    {
        string servers = TempFile("id,name,country,latitude,longitude\n1,A,X,35,139\n2,B,X,34,135\n");
        string pings = TempFile("source,destination,min,avg\n1,2,8,8.5\n2,1,x,8\n");

        var (code, _, error) = Run("latency", "fit", "--pings", pings, "--servers", servers);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("error: --pings: line 3, column 3 (min)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TooFewPairs_ExitsTwoSayingHowManyAreNeeded()
    {
        string servers = TempFile("id,name,country,latitude,longitude\n1,A,X,35,139\n2,B,X,34,135\n");
        string pings = TempFile("source,destination,min,avg\n1,2,8,8.5\n");

        var (code, _, error) = Run("latency", "fit", "--pings", pings, "--servers", servers, "--quantile", "0.5");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("at least 50", error, StringComparison.Ordinal);
    }
}
