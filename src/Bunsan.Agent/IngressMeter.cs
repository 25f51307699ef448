using System.Collections.Concurrent;

namespace Bunsan.Agent;

/// <summary>
/// Client requests per second entering this site, per function (forwards from other gateways are not counted: they
/// entered elsewhere). Each heartbeat reads the rates, so the control plane can place latency-critical functions
/// where their requests enter. Smoothed over a few seconds (an exponentially weighted mean, half-life
/// <see cref="HalfLife"/>): one quiet or busy second should not add or retire a replica. The gateway counts only
/// functions of its catalog, so the table stays as small as the catalog.
/// </summary>
public sealed class IngressMeter
{
    public static readonly TimeSpan HalfLife = TimeSpan.FromSeconds(5);

    /// <summary>Rates below this are reported as gone: a function nobody has called for a minute.</summary>
    private const double FloorRps = 0.01;

    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _reading = new();
    private DateTimeOffset _lastReadAt;

    public IngressMeter(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _lastReadAt = _clock.GetUtcNow();
    }

    /// <summary>One request of <paramref name="function"/> entered here from a client.</summary>
    public void Count(string function) => Interlocked.Increment(ref _entries.GetOrAdd(function, static _ => new Entry()).Count);

    /// <summary>The smoothed rates, updated with the requests counted since the last read; functions at (near) zero left out.</summary>
    public IReadOnlyList<(string Function, double Rps)> Read()
    {
        lock (_reading)
        {
            DateTimeOffset now = _clock.GetUtcNow();
            // A clock stepped backwards measures nothing: the counts wait for the next read.
            double seconds = Math.Max(0, (now - _lastReadAt).TotalSeconds);
            _lastReadAt = now;
            var rates = new List<(string, double)>();
            foreach ((string function, Entry entry) in _entries)
            {
                if (seconds > 0)
                {
                    long counted = Interlocked.Exchange(ref entry.Count, 0);
                    double measured = counted / seconds;
                    // The first measurement stands on its own: averaging it with a zero from before would take
                    // several half-lives to reach a steady rate that has been there from the start.
                    double keep = entry.Seen ? Math.Pow(0.5, seconds / HalfLife.TotalSeconds) : 0;
                    entry.Rps = keep * entry.Rps + (1 - keep) * measured;
                    entry.Seen = true;
                }
                if (entry.Rps >= FloorRps)
                {
                    rates.Add((function, entry.Rps));
                }
            }
            return rates;
        }
    }

    private sealed class Entry
    {
        public long Count;
        public double Rps;
        public bool Seen;
    }
}
