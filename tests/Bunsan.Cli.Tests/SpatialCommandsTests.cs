using System.Text.Json;

using static Bunsan.Cli.Tests.CliRunner;

namespace Bunsan.Cli.Tests;

public sealed class SpatialCommandsTests
{
    [Fact]
    public void Encode_TokyoAtZoom25_PrintsTheId()
    {
        // The Go library's test point (SPEC §9): (139.753098, 35.685371, 0 m) at zoom 25.
        var (code, output, _) = Run("spatial", "encode", "--lat", "35.685371", "--lon", "139.753098", "--zoom", "25");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("25/0/29803148/13212522", output.Trim());
    }

    [Fact]
    public void Encode_Json_PrintsTheFields()
    {
        var (code, output, _) = Run("spatial", "encode", "--lat", "0", "--lon", "0", "--alt", "10.5", "--zoom", "25", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("25/10/16777216/16777216", json.RootElement.GetProperty("id").GetString());
        Assert.Equal(10, json.RootElement.GetProperty("f").GetInt64());
    }

    [Theory]
    [InlineData("--lat", "86", "--lat")]
    [InlineData("--lat", "NaN", "--lat")]
    [InlineData("--lon", "181", "--lon")]
    [InlineData("--alt", "40000000", "--alt")]
    [InlineData("--zoom", "36", "--zoom")]
    [InlineData("--zoom", "-1", "--zoom")]
    public void Encode_OutOfRange_ExitsTwoNamingTheField(string option, string value, string field)
    {
        var args = new Dictionary<string, string> { ["--lat"] = "35", ["--lon"] = "139", ["--zoom"] = "20", [option] = value };

        var (code, output, error) = Run(["spatial", "encode", .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output);
        Assert.StartsWith($"error: {field}: ", error, StringComparison.Ordinal);
        Assert.Contains("use", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_MissingZoom_ExitsTwo()
    {
        var (code, _, error) = Run("spatial", "encode", "--lat", "35", "--lon", "139");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--zoom", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Json_PrintsExactlyTheDocumentedKeys()
    {
        var (code, output, _) = Run("spatial", "decode", "/1/0/0/0", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        JsonElement root = json.RootElement;
        Assert.Equal(
            ["zoom", "f", "x", "y", "west", "east", "south", "north", "bottom", "top", "center"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["lat", "lon", "alt"], root.GetProperty("center").EnumerateObject().Select(p => p.Name));
        // The JS SDK's case for 1/0/0/0: centre (66.51326044311186, -90, 8388608), the Web-Mercator midpoint.
        Assert.Equal(66.51326044311186, root.GetProperty("center").GetProperty("lat").GetDouble(), 1e-12);
        Assert.Equal(-90, root.GetProperty("center").GetProperty("lon").GetDouble());
        Assert.Equal(8_388_608, root.GetProperty("center").GetProperty("alt").GetDouble());
        Assert.Equal(-180, root.GetProperty("west").GetDouble());
        Assert.Equal(16_777_216, root.GetProperty("top").GetDouble());
    }

    [Fact]
    public void Decode_PlainText_NamesIdAndBox()
    {
        var (code, output, _) = Run("spatial", "decode", "25/0/29803148/13212522");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("spatial ID 25/0/29803148/13212522", output, StringComparison.Ordinal);
        Assert.Contains("altitude  0 m to 1 m", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("25/0/29803148")]
    [InlineData("36/0/0/0")]
    [InlineData("3/0/8/0")]
    [InlineData("a/b/c/d")]
    [InlineData("")]
    public void Decode_MalformedId_ExitsTwoNamingTheId(string id)
    {
        var (code, output, error) = Run("spatial", "decode", id);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output);
        Assert.StartsWith("error: ID: ", error, StringComparison.Ordinal);
        Assert.Matches(": (use|write) ", error);
    }

    [Fact]
    public void EncodeThenDecode_SamePoint_CentreIsInsideTheBox()
    {
        var (_, id, _) = Run("spatial", "encode", "--lat", "43.0621", "--lon", "141.3544", "--alt", "25", "--zoom", "22");
        var (code, output, _) = Run("spatial", "decode", id.Trim(), "--json");

        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(output);
        JsonElement r = json.RootElement;
        Assert.InRange(43.0621, r.GetProperty("south").GetDouble(), r.GetProperty("north").GetDouble());
        Assert.InRange(141.3544, r.GetProperty("west").GetDouble(), r.GetProperty("east").GetDouble());
        Assert.InRange(25, r.GetProperty("bottom").GetDouble(), r.GetProperty("top").GetDouble());
    }
}
