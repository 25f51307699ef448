namespace Bunsan.Simulation.Demand;

/// <summary>One request arrival: when (ms from the start of the run) and which trace source issued it.</summary>
/// <param name="SourceIndex">Index of the trace function (Azure trace) or of the assigned source (arrivals file).</param>
public readonly record struct Arrival(double TimeMs, int SourceIndex);

/// <summary>Turns traces into time-sorted arrival sequences, deterministically per seed.</summary>
public static class ArrivalSchedule
{
    private const double MsPerMinute = 60_000;

    /// <summary>Trace key of synthetic source <paramref name="index"/> of an arrivals file, for <see cref="FunctionMapping.Map"/>.</summary>
    public static string SourceKey(int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"arrivals-source-{index}");

    /// <summary>
    /// Arrivals of the trace window [<paramref name="startMinute"/>, startMinute + <paramref name="durationMinutes"/>),
    /// in minutes from the start of minute_1 and clamped to the trace. Each function's count in each minute, times
    /// <paramref name="rateScale"/> and times the part of the minute inside the window, is rounded stochastically
    /// (floor, plus one with probability of the fraction) so the expected total is exact; the arrivals are spread
    /// uniformly at random over that part of the minute. Times are ms from the window start, ascending.
    /// Cost: O(arrivals), no sort (see SpreadOverMinute); memory is the result (16 bytes per arrival) plus scratch
    /// for the busiest minute.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite start, a non-positive duration, a negative rate scale, or more arrivals than one array holds (callers validate user input first, e.g. with <see cref="ExpectedArrivals"/>).</exception>
    public static Arrival[] FromAzureTrace(AzureFunctionsTrace trace, double startMinute, double durationMinutes, double rateScale, int seed)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return FromAzureTrace(trace, startMinute, durationMinutes, Enumerable.Repeat(rateScale, trace.Functions.Length).ToArray(), seed);
    }

    /// <summary>
    /// As <see cref="FromAzureTrace(AzureFunctionsTrace, double, double, double, int)"/>, with a rate scale per trace
    /// function (e.g. to load one latency class harder): each (function, minute) count is scaled before the
    /// stochastic rounding, so scaled functions keep their per-minute shape.
    /// </summary>
    public static Arrival[] FromAzureTrace(AzureFunctionsTrace trace, double startMinute, double durationMinutes, IReadOnlyList<double> rateScalePerSource, int seed)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(rateScalePerSource);
        CheckWindow(startMinute, durationMinutes);
        if (rateScalePerSource.Count != trace.Functions.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(rateScalePerSource), rateScalePerSource.Count, $"one rate scale per trace function ({trace.Functions.Length}) is needed");
        }
        foreach (double scale in rateScalePerSource)
        {
            if (!double.IsFinite(scale) || scale < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(rateScalePerSource), scale, "rate scale must be finite and >= 0");
            }
        }
        var scales = rateScalePerSource as double[] ?? [.. rateScalePerSource];

        double end = Math.Min(trace.Minutes, startMinute + durationMinutes);
        int firstMinute = (int)Math.Floor(startMinute);
        var functions = trace.Functions;
        var rng = new SplitMix64(SeededHash.Mix((ulong)(uint)seed ^ 0xA5A5_0000_0000_0001UL));

        // Upper bound on the result size (every stochastic rounding rounds up at most by one) sizes the buffer once.
        long bound = 0;
        int busiest = 0;
        for (int m = firstMinute; m < end; m++)
        {
            long minuteBound = 0;
            for (int fi = 0; fi < functions.Length; fi++)
            {
                int c = functions[fi].InvocationsPerMinute[m];
                minuteBound += c == 0 ? 0 : (long)Math.Ceiling(c * scales[fi]) + 1;
            }
            bound += minuteBound;
            busiest = (int)Math.Min(int.MaxValue - 64, Math.Max(busiest, minuteBound));
        }
        if (bound > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(rateScalePerSource), bound, "the window would hold more arrivals than one array can: shorten the duration or lower the rate scale");
        }

        var result = new Arrival[bound];
        var times = new double[busiest];
        var sources = new int[busiest];
        int written = 0;
        for (int m = firstMinute; m < end; m++)
        {
            double from = Math.Max(m, startMinute);
            double to = Math.Min(m + 1, end);
            double part = to - from;
            double offsetMs = (from - startMinute) * MsPerMinute;
            double spanMs = part * MsPerMinute;
            int n = 0;
            for (int fi = 0; fi < functions.Length; fi++)
            {
                int c = functions[fi].InvocationsPerMinute[m];
                if (c == 0)
                {
                    continue;
                }
                double expected = c * scales[fi] * part;
                int k = (int)expected;
                if (rng.NextDouble() < expected - k)
                {
                    k++;
                }
                for (int j = 0; j < k; j++)
                {
                    sources[n++] = fi;
                }
            }
            written += SpreadOverMinute(ref rng, sources, times, n, offsetMs, spanMs, result.AsSpan(written));
        }
        Array.Resize(ref result, written);
        return result;
    }

    /// <summary>Expected number of arrivals <see cref="FromAzureTrace(AzureFunctionsTrace, double, double, double, int)"/> would produce: lets a caller refuse a run too big for memory (16 bytes per arrival) before building it.</summary>
    public static double ExpectedArrivals(AzureFunctionsTrace trace, double startMinute, double durationMinutes, double rateScale)
    {
        ArgumentNullException.ThrowIfNull(trace);
        CheckWindow(startMinute, durationMinutes);
        double end = Math.Min(trace.Minutes, startMinute + durationMinutes);
        double total = 0;
        for (int m = (int)Math.Floor(startMinute); m < end; m++)
        {
            double part = Math.Min(m + 1, end) - Math.Max(m, startMinute);
            long count = 0;
            foreach (var f in trace.Functions)
            {
                count += f.InvocationsPerMinute[m];
            }
            total += count * part;
        }
        return total * rateScale;
    }

    private static void CheckWindow(double startMinute, double durationMinutes)
    {
        if (!double.IsFinite(startMinute) || startMinute < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startMinute), startMinute, "start minute must be finite and >= 0");
        }
        if (double.IsNaN(durationMinutes) || durationMinutes <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(durationMinutes), durationMinutes, "duration must be > 0 minutes");
        }
    }

    /// <summary>
    /// Writes <paramref name="n"/> arrivals over [offsetMs, offsetMs + spanMs) in time order without sorting: sorted
    /// uniform times come from normalised cumulative exponential spacings, and a Fisher–Yates shuffle assigns the
    /// minute's sources to them. Same distribution as drawing each arrival's time independently and sorting, in O(n)
    /// instead of O(n log n).
    /// </summary>
    private static int SpreadOverMinute(ref SplitMix64 rng, int[] sources, double[] times, int n, double offsetMs, double spanMs, Span<Arrival> into)
    {
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)Math.BigMul(rng.NextBits(), (ulong)(i + 1), out _);
            (sources[i], sources[j]) = (sources[j], sources[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum -= Math.Log(1 - rng.NextDouble());
            times[i] = sum;
        }
        double scale = spanMs / (sum - Math.Log(1 - rng.NextDouble()));
        for (int i = 0; i < n; i++)
        {
            into[i] = new Arrival(offsetMs + (times[i] * scale), sources[i]);
        }
        return n;
    }

    /// <summary>
    /// The arrivals of a timestamp trace, each assigned a source in [0, <paramref name="sourceCount"/>): arrival i
    /// gets SplitMix64(seed, i) mod sourceCount, i.e. sources are drawn uniformly and independently per arrival,
    /// so each receives ~1/sourceCount of the load wherever the arrivals bunch up. To give arrivals functions "the same
    /// way" as an Azure trace (by <see cref="FunctionMapping"/>'s class shares), pass a few hundred sources and map
    /// their keys <see cref="SourceKey"/>(0..sourceCount-1) with <see cref="FunctionMapping.Map"/>; passing the
    /// number of catalog functions instead spreads arrivals evenly over the functions.
    /// </summary>
    public static Arrival[] FromArrivals(ArrivalsTrace trace, int sourceCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceCount, 1);
        var offsets = trace.OffsetsMs;
        var result = new Arrival[trace.Count];
        ulong salt = SeededHash.Mix((ulong)(uint)seed ^ 0x5A5A_0000_0000_0002UL);
        for (int i = 0; i < result.Length; i++)
        {
            ulong bits = SeededHash.Mix(salt + (ulong)i);
            result[i] = new Arrival(offsets[i], (int)(bits % (ulong)sourceCount));
        }
        return result;
    }
}
