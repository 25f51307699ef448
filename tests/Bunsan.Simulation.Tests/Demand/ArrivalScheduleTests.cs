using System.Text;
using Bunsan.Simulation.Demand;

namespace Bunsan.Simulation.Tests.Demand;

public sealed class ArrivalScheduleTests
{
    /// <summary>A seeded synthetic trace: 50 functions over 30 minutes with skewed counts (many zeros, a few busy).</summary>
    private static AzureFunctionsTrace SyntheticTrace()
    {
        var random = new Random(42);
        var csv = new StringBuilder("HashFunction,HashApp,HashOwner");
        for (int m = 1; m <= 30; m++)
        {
            csv.Append(",minute_").Append(m);
        }
        csv.Append('\n');
        for (int f = 0; f < 50; f++)
        {
            csv.Append("fn").Append(f).Append(",a,o");
            for (int m = 0; m < 30; m++)
            {
                int count = random.Next(4) == 0 ? 0 : random.Next(f % 7 == 0 ? 2000 : 20);
                csv.Append(',').Append(count);
            }
            csv.Append('\n');
        }
        using var reader = new StringReader(csv.ToString());
        Assert.True(AzureFunctionsTrace.TryParse(reader, null, out var trace, out string? error), error);
        return trace!;
    }

    [Fact]
    public void FromAzureTrace_SameSeed_SameArrivals()
    {
        var trace = SyntheticTrace();

        var a = ArrivalSchedule.FromAzureTrace(trace, 0, 30, 0.7, seed: 3);
        var b = ArrivalSchedule.FromAzureTrace(trace, 0, 30, 0.7, seed: 3);
        var c = ArrivalSchedule.FromAzureTrace(trace, 0, 30, 0.7, seed: 4);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void FromAzureTrace_WholeMinutesAtRateOne_ReproducesEveryCountInItsMinute()
    {
        var trace = SyntheticTrace();

        var arrivals = ArrivalSchedule.FromAzureTrace(trace, 5, 10, 1, seed: 1);

        var counted = new int[trace.Functions.Length, 10];
        foreach (var arrival in arrivals)
        {
            int minute = (int)(arrival.TimeMs / 60_000);
            counted[arrival.SourceIndex, minute]++;
        }
        for (int f = 0; f < trace.Functions.Length; f++)
        {
            for (int m = 0; m < 10; m++)
            {
                Assert.Equal(trace.Functions[f].InvocationsPerMinute[5 + m], counted[f, m]);
            }
        }
    }

    [Fact]
    public void FromAzureTrace_Always_SortedByTimeInsideTheWindow()
    {
        var trace = SyntheticTrace();

        var arrivals = ArrivalSchedule.FromAzureTrace(trace, 2.5, 4, 1, seed: 9);

        Assert.NotEmpty(arrivals);
        for (int i = 1; i < arrivals.Length; i++)
        {
            Assert.True(arrivals[i - 1].TimeMs <= arrivals[i].TimeMs);
        }
        Assert.InRange(arrivals[0].TimeMs, 0, 240_000);
        Assert.InRange(arrivals[^1].TimeMs, 0, 240_000);
    }

    [Fact]
    public void FromAzureTrace_ScaledAndPartialMinutes_TotalWithinStochasticRounding()
    {
        var trace = SyntheticTrace();
        const double scale = 0.37;
        double expected = 0;
        int cells = 0;
        // Window [2.5, 12.25): half of minute index 2, minutes 3..11 whole, a quarter of minute 12.
        for (int m = 2; m <= 12; m++)
        {
            double part = m == 2 ? 0.5 : m == 12 ? 0.25 : 1;
            foreach (var f in trace.Functions)
            {
                expected += f.InvocationsPerMinute[m] * scale * part;
                cells += f.InvocationsPerMinute[m] > 0 ? 1 : 0;
            }
        }

        var arrivals = ArrivalSchedule.FromAzureTrace(trace, 2.5, 9.75, scale, seed: 5);

        // Each cell adds a Bernoulli rounding term (variance <= 1/4): 5 standard deviations.
        double tolerance = 5 * Math.Sqrt(cells / 4.0);
        Assert.InRange(arrivals.Length, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void FromAzureTrace_WindowPastTheEnd_ClampedToTheTrace()
    {
        var trace = SyntheticTrace();

        var arrivals = ArrivalSchedule.FromAzureTrace(trace, 28, 100, 1, seed: 1);

        long expected = trace.Functions.Sum(f => (long)f.InvocationsPerMinute[28] + f.InvocationsPerMinute[29]);
        Assert.Equal(expected, arrivals.Length);
    }

    [Fact]
    public void FromAzureTrace_PerSourceScales_WholeScalesReproduceScaledCounts()
    {
        var trace = SyntheticTrace();
        double[] scales = [.. Enumerable.Range(0, trace.Functions.Length).Select(f => (double)(f % 3))];

        var arrivals = ArrivalSchedule.FromAzureTrace(trace, 0, 30, scales, seed: 2);

        var perSource = arrivals.GroupBy(a => a.SourceIndex).ToDictionary(g => g.Key, g => g.Count());
        for (int f = 0; f < trace.Functions.Length; f++)
        {
            int expected = (int)scales[f] * trace.Functions[f].InvocationsPerMinute.Sum();
            Assert.Equal(expected, perSource.GetValueOrDefault(f));
        }
    }

    [Fact]
    public void ExpectedArrivals_PartialWindow_CountsTimesPartsTimesScale()
    {
        var trace = SyntheticTrace();
        long minute3 = trace.Functions.Sum(f => (long)f.InvocationsPerMinute[3]);
        long minute4 = trace.Functions.Sum(f => (long)f.InvocationsPerMinute[4]);

        double expected = ArrivalSchedule.ExpectedArrivals(trace, 3.5, 1, 2);

        Assert.Equal(((minute3 * 0.5) + (minute4 * 0.5)) * 2, expected, 9);
    }

    [Fact]
    public void FromArrivals_SameSeed_SameSourcesSpreadEvenly()
    {
        var csv = new StringBuilder("TIMESTAMP\n");
        var start = new DateTime(2019, 7, 15, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 20_000; i++)
        {
            csv.Append(start.AddMilliseconds(i * 3).ToString("O", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        using var reader = new StringReader(csv.ToString());
        Assert.True(ArrivalsTrace.TryParse(reader, out var trace, out string? error), error);

        var a = ArrivalSchedule.FromArrivals(trace!, 4, seed: 11);
        var b = ArrivalSchedule.FromArrivals(trace!, 4, seed: 11);

        Assert.Equal(a, b);
        Assert.Equal(trace!.OffsetsMs, a.Select(x => x.TimeMs));
        var perSource = a.GroupBy(x => x.SourceIndex).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, perSource.Count);
        // Binomial(20000, 1/4): sd = 61; 5 sd.
        Assert.All(perSource.Values, n => Assert.InRange(n, 5000 - 306, 5000 + 306));
    }
}
