using Bunsan.Core.Geo;

namespace Bunsan.Emulation.Load;

/// <summary>
/// A surge of traffic from one region for a while (a festival, an evacuation, a stadium letting out): every request
/// from an origin within <see cref="RadiusKm"/> of <see cref="Centre"/> sent in [<see cref="FromMs"/>,
/// <see cref="ToMs"/>) is sent <see cref="Factor"/> times, the copies spread at random over the gap to the next
/// arrival of the run, so the surge is a higher rate, not simultaneous duplicates. Each copy is another device's
/// request: its execution time is drawn afresh from the plan's own times for that function (copies that all ran as
/// long as their original made every clump one correlated block: `bunsan demo`'s Osaka burst, BENCHMARKS.md §11).
/// </summary>
public sealed record RegionalBurst(GeoPoint Centre, double RadiusKm, double Factor, double FromMs, double ToMs)
{
    /// <summary>Every problem, each naming the field and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(RadiusKm > 0 && RadiusKm <= 5000))
        {
            errors.Add(FormattableString.Invariant($"burst radius {RadiusKm} km: use 0 < radius <= 5000"));
        }
        if (!(Factor >= 1 && Factor <= 1000))
        {
            errors.Add(FormattableString.Invariant($"burst factor {Factor}: use 1 to 1000"));
        }
        if (!(FromMs >= 0 && ToMs > FromMs))
        {
            errors.Add(FormattableString.Invariant($"burst window {FromMs}..{ToMs} ms: use 0 <= from < to"));
        }
        return errors;
    }

    public bool Covers(GeoPoint origin, double timeMs) =>
        timeMs >= FromMs && timeMs < ToMs && Centre.DistanceKmTo(origin) <= RadiusKm;

    /// <summary>The plan with the burst's extra requests added, in time order; the same seed gives the same plan.</summary>
    public LoadPlan ApplyTo(LoadPlan plan, int seed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var random = new Random(seed);
        var requests = new List<PlannedRequest>(plan.Requests.Length);
        PlannedRequest[] all = plan.Requests;
        double[][] execByFunction = [.. Enumerable.Range(0, plan.Functions.Length).Select(f => all.Where(r => r.Function == f).Select(r => r.ExecMs).ToArray())];
        for (int i = 0; i < all.Length; i++)
        {
            PlannedRequest request = all[i];
            requests.Add(request);
            if (!Covers(plan.OriginLocation(request.Origin), request.TimeMs))
            {
                continue;
            }
            // Copies land between this arrival and the next one of the whole run (at least 1 ms on): a rate, not a spike.
            double gap = Math.Max(1, (i + 1 < all.Length ? all[i + 1].TimeMs : request.TimeMs + 1) - request.TimeMs);
            double copies = Factor - 1;
            int whole = (int)copies + (random.NextDouble() < copies - Math.Floor(copies) ? 1 : 0);
            for (int k = 0; k < whole; k++)
            {
                double[] times = execByFunction[request.Function];
                requests.Add(request with { TimeMs = request.TimeMs + random.NextDouble() * gap, ExecMs = times[random.Next(times.Length)] });
            }
        }
        return plan.WithRequests([.. requests.OrderBy(r => r.TimeMs)]);
    }
}
