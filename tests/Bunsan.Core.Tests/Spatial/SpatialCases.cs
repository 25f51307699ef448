using System.Text.Json;
using Bunsan.Core.Geo;
using Bunsan.Tests;

namespace Bunsan.Core.Tests.Spatial;

/// <summary>The public cases in ../shared/vectors/spatialid/cases.json, grouped by kind; skips when absent.</summary>
internal static class SpatialCases
{
    private static readonly Lazy<JsonDocument?> Document = new(() =>
    {
        string? path = SharedData.PathOf("vectors/spatialid/cases.json", out _);
        return path is null ? null : JsonDocument.Parse(File.ReadAllText(path));
    });

    /// <summary>Every case of <paramref name="kind"/>; skips the test when the file is absent, fails when the kind has no case.</summary>
    public static List<JsonElement> OfKind(string kind)
    {
        if (Document.Value is null)
        {
            SharedData.PathOf("vectors/spatialid/cases.json", out string reason);
            Assert.Skip(reason);
        }
        var cases = Document.Value.RootElement.GetProperty("cases").EnumerateArray()
            .Where(c => c.GetProperty("kind").GetString() == kind)
            .ToList();
        Assert.NotEmpty(cases);
        return cases;
    }

    public static string Id(JsonElement testCase) => testCase.GetProperty("id").GetString()!;

    public static GeoPoint Point(JsonElement input) => new(
        input.GetProperty("lat").GetDouble(),
        input.GetProperty("lng").GetDouble(),
        input.TryGetProperty("alt", out JsonElement alt) ? alt.GetDouble() : 0);

    /// <summary>Reads {"z","f","x","y"} objects as IDs.</summary>
    public static Core.Spatial.SpatialId Zfxy(JsonElement o) => new(
        o.GetProperty("z").GetInt32(), o.GetProperty("f").GetInt64(), o.GetProperty("x").GetInt64(), o.GetProperty("y").GetInt64());

    /// <summary>Fails once, listing every mismatch, so a regression shows its whole extent.</summary>
    public static void AssertNoMismatch(List<string> mismatches) =>
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));

    /// <summary>Coordinates from other languages may differ in the last bits (SPEC: compare within ~1e-9°).</summary>
    public static bool Near(double expected, double actual, double tolerance = 1e-9) => Math.Abs(expected - actual) <= tolerance;
}
