using Bunsan.Placement.Routing;
using Bunsan.Simulation.Demand;

namespace Bunsan.Simulation.Engine;

/// <summary>
/// Scales the arrivals of chosen trace sources by a factor, keeping each minute's pattern: an arrival
/// in trace minute m becomes ⌊k⌋ arrivals (one more with probability k − ⌊k⌋), each at a uniformly drawn
/// time in the same minute — the same as multiplying that minute's count by k, which is how
/// <see cref="ArrivalSchedule.FromAzureTrace"/> applies its own rate scale. Factors below 1 thin.
/// Lets a run load one latency class harder than the trace's mix does without multiplying the others.
/// </summary>
public static class ClassRateScaling
{
    private const double MsPerMinute = 60_000;

    public static Arrival[] Apply(Arrival[] arrivals, double[] sourceFactor, int seed)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        ArgumentNullException.ThrowIfNull(sourceFactor);
        if (Array.TrueForAll(sourceFactor, k => k == 1))
        {
            return arrivals;
        }
        long expected = 0;
        foreach (var a in arrivals)
        {
            expected += (long)Math.Ceiling(sourceFactor[a.SourceIndex]);
        }
        var result = new List<Arrival>((int)Math.Min(expected, Array.MaxLength));
        var random = new RouterRandom((ulong)seed ^ 0xC1A55UL);
        foreach (var a in arrivals)
        {
            double k = sourceFactor[a.SourceIndex];
            int copies = (int)Math.Floor(k) + (random.NextDouble() < k - Math.Floor(k) ? 1 : 0);
            if (k == 1)
            {
                result.Add(a);
                continue;
            }
            double minuteStart = Math.Floor(a.TimeMs / MsPerMinute) * MsPerMinute;
            for (int c = 0; c < copies; c++)
            {
                result.Add(new Arrival(minuteStart + (random.NextDouble() * MsPerMinute), a.SourceIndex));
            }
        }
        Arrival[] sorted = [.. result];
        // Stable order for equal times keeps the run a pure function of the seed.
        Array.Sort(sorted, static (x, y) => x.TimeMs != y.TimeMs ? x.TimeMs.CompareTo(y.TimeMs) : x.SourceIndex.CompareTo(y.SourceIndex));
        return sorted;
    }
}
