using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Tests;

namespace Bunsan.Core.Tests.Latency;

public sealed class LatencyFitTests
{
    private const string DataFolder = "data/latency/wondernetwork_2020";

    [Fact]
    public void TryFit_WonderNetworkPings_BeatsPhysicalBoundOnHeldOutPairs()
    {
        LatencyFitResult fit = FitRealData();

        foreach ((ErrorStats model, ErrorStats bound) in new[]
        {
            (fit.Model.All, fit.PhysicalBound.All),
            (fit.Model.Under3000Km, fit.PhysicalBound.Under3000Km),
            (fit.Model.Under1000Km, fit.PhysicalBound.Under1000Km),
        })
        {
            Assert.True(model.Pairs > 100, $"only {model.Pairs} held-out pairs");
            Assert.True(model.MedianAbsMs < bound.MedianAbsMs, $"median {model.MedianAbsMs} ms is not below the physical bound's {bound.MedianAbsMs} ms");
            Assert.True(model.P90AbsMs < bound.P90AbsMs, $"p90 {model.P90AbsMs} ms is not below the physical bound's {bound.P90AbsMs} ms");
        }
        Assert.Equal(fit.UnorderedPairs, fit.TrainingPairs + fit.HeldOutPairs);
        Assert.Equal(Math.Round(fit.UnorderedPairs * 0.2), fit.HeldOutPairs);
    }

    [Fact]
    public void TryFit_WonderNetworkPingsSeed42_ReproducesTheShippedDefault()
    {
        PiecewiseLatencyParameters fitted = FitRealData().Parameters; // default options: seed 42, quantile 0.15
        PiecewiseLatencyParameters shipped = FittedLatencyModel.Default.Parameters;

        Assert.Equal(shipped.Quantile, fitted.Quantile);
        Assert.Equal(shipped.BreakpointsKm, fitted.BreakpointsKm);
        Assert.Equal(shipped.OverheadMs, fitted.OverheadMs, 1e-9);
        for (int i = 0; i < shipped.SlopesMsPerKm.Length; i++)
        {
            Assert.Equal(shipped.SlopesMsPerKm[i], fitted.SlopesMsPerKm[i], 1e-12);
        }
    }

    [Fact]
    public void TryFit_SameSeedTwice_GivesIdenticalResults()
    {
        List<PingPair> pairs = Synthetic(seed: 3, count: 600);

        LatencyFitResult first = LatencyFit.Fit(pairs, seed: 9, holdOutFraction: 0.2);
        LatencyFitResult second = LatencyFit.Fit(pairs, seed: 9, holdOutFraction: 0.2);
        LatencyFitResult otherSeed = LatencyFit.Fit(pairs, seed: 10, holdOutFraction: 0.2);

        Assert.Equal(first.Parameters.OverheadMs, second.Parameters.OverheadMs);
        Assert.Equal(first.Parameters.SlopesMsPerKm, second.Parameters.SlopesMsPerKm);
        Assert.Equal(first.Model, second.Model);
        Assert.NotEqual(first.Model.All, otherSeed.Model.All);
    }

    [Fact]
    public void TryFit_MedianOfCurveWithOutliers_RecoversTheCurve()
    {
        // A known curve, symmetric noise, and 15% of pairs detouring by +100 ms: least squares would bend; the median must not.
        var truth = new FittedLatencyModel(new PiecewiseLatencyParameters(3, [0, 300, 1_000, 3_000, 7_000], [0.03, 0.025, 0.02, 0.015, 0.015], 0.5));
        List<PingPair> pairs = Synthetic(seed: 5, count: 3_000, truth);

        Assert.True(LatencyFit.TryFit(pairs, new LatencyFitOptions { Quantile = 0.5 }, out LatencyFitResult fit, out string? error), error);
        var fitted = new FittedLatencyModel(fit.Parameters);

        double[] distances = [50, 400, 1_500, 5_000, 9_000];
        Assert.True(distances.All(km => Math.Abs(fitted.RttMsAtDistance(km) - truth.RttMsAtDistance(km)) < 1.0),
            string.Join(", ", distances.Select(km => $"{km} km: {fitted.RttMsAtDistance(km) - truth.RttMsAtDistance(km):0.00}")) + $" {fit.Parameters}  {string.Join(' ', fit.Parameters.SlopesMsPerKm)}");
    }

    [Fact]
    public void TryFit_BothDirectionsOfAPair_CountAsOneUnorderedPairAndSelfPingsAreIgnored()
    {
        List<PingPair> oneWay = Synthetic(seed: 1, count: 200);
        var both = oneWay.Concat(oneWay.Select(p => p with { SourceId = p.DestinationId, Source = p.Destination, DestinationId = p.SourceId, Destination = p.Source })).ToList();
        both.Add(new PingPair(7, new GeoPoint(35, 139), 7, new GeoPoint(35, 139), 0.01, 0.02));

        LatencyFitResult fit = LatencyFit.Fit(both, seed: 1, holdOutFraction: 0.2);

        Assert.Equal(200, fit.UnorderedPairs);
        Assert.Equal(1, fit.SelfPingsIgnored);
    }

    [Fact]
    public void TryFit_TooFewPairsOrBadOptions_FailsWithAMessage()
    {
        Assert.False(LatencyFit.TryFit(Synthetic(seed: 1, count: 10), new LatencyFitOptions(), out _, out string? error));
        Assert.Contains("at least", error, StringComparison.Ordinal);
        Assert.False(LatencyFit.TryFit(Synthetic(seed: 1, count: 200), new LatencyFitOptions { Quantile = 1 }, out _, out error));
        Assert.Contains("quantile", error, StringComparison.Ordinal);
        Assert.False(LatencyFit.TryFit(Synthetic(seed: 1, count: 200), new LatencyFitOptions { HoldOutFraction = 0.9 }, out _, out error));
        Assert.Contains("hold-out", error, StringComparison.Ordinal);
        Assert.False(LatencyFit.TryFit(Synthetic(seed: 1, count: 200), new LatencyFitOptions { BreakpointsKm = [0, 500, 400] }, out _, out error));
        Assert.Contains("increasing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryFit_NoPairsBeyondALateBreakpoint_DropsThatBreakpoint()
    {
        // All pairs under ~2,000 km: the 3,000 and 7,000 km segments have no data to fit a slope on.
        List<PingPair> pairs = Synthetic(seed: 2, count: 400, maxOffsetDegrees: 30);

        LatencyFitResult fit = LatencyFit.Fit(pairs, seed: 1, holdOutFraction: 0.2);

        Assert.Equal([0, 300, 1_000], fit.Parameters.BreakpointsKm);
        Assert.All(fit.Parameters.SlopesMsPerKm, s => Assert.True(double.IsFinite(s)));
    }

    /// <summary>The fit on the real data with default options, computed once (a few seconds) for the tests that share it.</summary>
    private static readonly Lazy<LatencyFitResult?> RealFit = new(() =>
        SharedData.PathOf(DataFolder, out _) is string folder ? FitRealData(folder) : null);

    private static LatencyFitResult FitRealData()
    {
        if (RealFit.Value is null)
        {
            SharedData.PathOf(DataFolder, out string reason);
            Assert.Skip(reason);
        }
        return RealFit.Value;
    }

    private static LatencyFitResult FitRealData(string folder)
    {
        using var servers = new StreamReader(Path.Combine(folder, "servers-2020-07-19.csv"));
        Assert.True(PingCsvReader.TryReadServers(servers, out IReadOnlyDictionary<int, PingServer> serverList, out string? error), error);
        using var pings = new StreamReader(Path.Combine(folder, "pings-2020-07-19-2020-07-20-grouped.csv"));
        Assert.True(PingCsvReader.TryReadPings(pings, serverList, out PingTable table, out error), error);
        Assert.True(LatencyFit.TryFit(table.Pairs, new LatencyFitOptions(), out LatencyFitResult fit, out error), error);
        return fit;
    }

    /// <summary>
    /// Seeded random server pairs, distances spread log-uniformly (tens of km up to the offset limit) so every
    /// segment has data; RTT = truth (or 5 ms + 0.02 ms/km) ± 1 ms, with 15% of pairs detouring by +100 ms.
    /// </summary>
    private static List<PingPair> Synthetic(int seed, int count, FittedLatencyModel? truth = null, double maxOffsetDegrees = 170)
    {
        var random = new Random(seed);
        var pairs = new List<PingPair>(count);
        for (int i = 0; i < count; i++)
        {
            var a = new GeoPoint((random.NextDouble() * 60) - 30, (random.NextDouble() * 20) - 10);
            double offset = 0.3 * Math.Pow(maxOffsetDegrees / 0.3, random.NextDouble());
            double bearing = random.NextDouble() * 2 * Math.PI;
            var b = new GeoPoint(Math.Clamp(a.Latitude + (offset * Math.Sin(bearing) / 2), -89, 89), a.Longitude + (offset * Math.Cos(bearing)));
            double distance = a.DistanceKmTo(b);
            double rtt = (truth?.RttMsAtDistance(distance) ?? (5 + (0.02 * distance))) + ((random.NextDouble() - 0.5) * 2) + (random.NextDouble() < 0.15 ? 100 : 0);
            pairs.Add(new PingPair(2 * i, a, (2 * i) + 1, b, rtt, rtt));
        }
        return pairs;
    }
}
