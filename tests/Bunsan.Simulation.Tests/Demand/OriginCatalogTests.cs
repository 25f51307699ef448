using Bunsan.Core.Geo;
using Bunsan.Simulation.Demand;

namespace Bunsan.Simulation.Tests.Demand;

public sealed class OriginCatalogTests
{
    private static double[] Uniforms(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextDouble())];
    }

    [Fact]
    public void JapanMunicipalities_Loaded_AllOfJapanWithCensusWeights()
    {
        var japan = OriginCatalog.JapanMunicipalities;

        // 1,916 localgovjp rows less the 20 designated cities whose wards are listed instead.
        Assert.Equal(1896, japan.Count);
        var prefectures = Enumerable.Range(0, japan.Count).Select(japan.Prefecture).Distinct().ToList();
        Assert.Equal(47, prefectures.Count);
        Assert.Equal(126_146_000, japan.TotalWeight, 3);
        for (int i = 0; i < japan.Count; i++)
        {
            Assert.InRange(japan.Location(i).Latitude, 24, 46);
            Assert.InRange(japan.Location(i).Longitude, 122, 154);
            Assert.False(string.IsNullOrWhiteSpace(japan.Name(i)));
        }
        double tokyo = Enumerable.Range(0, japan.Count).Where(i => japan.Prefecture(i) == "Tokyo").Sum(japan.Weight);
        Assert.Equal(14_048_000, tokyo, 3);
    }

    [Fact]
    public void Sample_JapanMunicipalities_PrefectureSharesFollowPopulation()
    {
        var japan = OriginCatalog.JapanMunicipalities;
        const int n = 200_000;

        var drawn = Uniforms(n, 17).Select(u => japan.Prefecture(japan.Sample(u))).CountBy(p => p).ToDictionary();

        // Tokyo 14.048 M of 126.146 M = 11.14%; Tottori 0.553 M = 0.44%. Binomial sd <= 0.0007: allow 5 sd.
        Assert.InRange(drawn["Tokyo"] / (double)n, 0.1114 - 0.0035, 0.1114 + 0.0035);
        Assert.InRange(drawn["Tottori"] / (double)n, 0.00438 - 0.0008, 0.00438 + 0.0008);
    }

    [Fact]
    public void Sample_KnownWeights_ChiSquareBelowTheCriticalValue()
    {
        var catalog = OriginCatalog.FromPoints(
            [new GeoPoint(35, 139), new GeoPoint(34, 135), new GeoPoint(43, 141), new GeoPoint(26, 127)],
            [1, 2, 3, 4]);
        const int n = 100_000;
        var counts = new int[4];

        foreach (double u in Uniforms(n, 23))
        {
            counts[catalog.Sample(u)]++;
        }

        double chiSquare = 0;
        for (int i = 0; i < 4; i++)
        {
            double expected = n * catalog.Weight(i) / catalog.TotalWeight;
            chiSquare += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        // Chi-square with 3 degrees of freedom: P(X > 16.27) = 0.001.
        Assert.True(chiSquare < 16.27, $"chi-square {chiSquare:F2} over counts {string.Join(",", counts)}");
    }

    [Fact]
    public void Sample_EdgesOfTheUnitInterval_ValidIndices()
    {
        var catalog = OriginCatalog.FromPoints([new GeoPoint(35, 139), new GeoPoint(34, 135)], [0, 5]);

        Assert.Equal(1, catalog.Sample(0));
        Assert.Equal(1, catalog.Sample(Math.BitDecrement(1.0)));
        Assert.Equal(1, catalog.Sample(0.5));
    }

    [Fact]
    public void FromPoints_BadWeights_Rejected()
    {
        GeoPoint[] points = [new GeoPoint(35, 139), new GeoPoint(34, 135)];

        Assert.Throws<ArgumentException>(() => OriginCatalog.FromPoints([]));
        Assert.Throws<ArgumentException>(() => OriginCatalog.FromPoints(points, [1, -1]));
        Assert.Throws<ArgumentException>(() => OriginCatalog.FromPoints(points, [0, 0]));
        Assert.Throws<ArgumentException>(() => OriginCatalog.FromPoints(points, [1, double.NaN]));
        Assert.Throws<ArgumentException>(() => OriginCatalog.FromPoints(points, [1]));
    }
}
