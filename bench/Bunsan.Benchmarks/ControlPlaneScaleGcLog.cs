using System.Globalization;

namespace Bunsan.Benchmarks;

/// <summary>
/// The server process's collections one by one, so a run can say how long each gen0 pause was and how much it
/// promoted while agents beat (the totals since start cannot). Polls <see cref="GC.GetGCMemoryInfo(GCKind)"/> every
/// 20 ms: two collections closer than that count as one, the later (at ~1.5 a second here, rare).
/// </summary>
internal sealed class ControlPlaneScaleGcLog : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private readonly List<(int Generation, double PauseMs, long PromotedBytes)> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    public ControlPlaneScaleGcLog() => _polling = PollAsync(_stop.Token);

    /// <summary>Forgets what was seen: the window starts now.</summary>
    public void Mark()
    {
        lock (_gate)
        {
            _seen.Clear();
        }
    }

    /// <summary>One line per generation seen since <see cref="Mark"/>: count, pause and promoted bytes (median, max).</summary>
    public IEnumerable<string> Summary()
    {
        lock (_gate)
        {
            return [.. _seen.GroupBy(c => c.Generation).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture,
                $"gen{g.Key} collections in the window (polled every {Poll.TotalMilliseconds} ms): {g.Count()}, pause median {Median(g.Select(c => c.PauseMs)):F1} ms, max {g.Max(c => c.PauseMs):F1} ms; promoted median {Median(g.Select(c => c.PromotedBytes / 1048576.0)):F2} MiB, max {g.Max(c => c.PromotedBytes) / 1048576.0:F2} MiB"))];
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _polling.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }
        _stop.Dispose();
    }

    private async Task PollAsync(CancellationToken ct)
    {
        long last = GC.GetGCMemoryInfo(GCKind.Any).Index;
        using var timer = new PeriodicTimer(Poll);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.Any);
            if (info.Index != last)
            {
                last = info.Index;
                lock (_gate)
                {
                    _seen.Add((info.Generation, info.PauseDurations[0].TotalMilliseconds, info.PromotedBytes));
                }
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }
}
