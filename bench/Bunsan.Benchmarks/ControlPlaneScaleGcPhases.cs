using System.Diagnostics.Tracing;
using System.Globalization;

namespace Bunsan.Benchmarks;

/// <summary>
/// The server's collections one by one, from the runtime's own GC events (in-process, no tracer), so a run can say how
/// long each pause was and where it went, which the totals since start cannot: the time to suspend the managed
/// threads, the collection, each marking phase within it (timed from one <c>GCMarkWithType</c> event to the next:
/// stack roots, finalization queue, handles, older generations' cards, ...) and the bytes it promoted
/// (<c>GCHeapStats</c>).
/// </summary>
internal sealed class ControlPlaneScaleGcPhases : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    // GCMarkWithType's Type field (the runtime's gc_root_kind).
    private static readonly string[] RootKinds = ["stack", "finalize queue", "handles", "older generations (cards)", "sized refs", "overflow", "dependent handles", "new finalize queue", "steal"];

    private readonly Lock _gate = new();
    private readonly List<Pause> _pauses = [];
    private Pause? _current;
    private Pause? _ended;
    private DateTime _suspendBegan;
    private double _suspendMs;

    /// <summary>Forgets what was seen: the window starts now.</summary>
    public void Mark()
    {
        lock (_gate)
        {
            _pauses.Clear();
        }
    }

    /// <summary>Per generation since <see cref="Mark"/>: median and max of suspension, collection, each marking phase and promoted MiB.</summary>
    public IEnumerable<string> Summary()
    {
        var lines = new List<string>();
        lock (_gate)
        {
            foreach (var generation in _pauses.Where(p => p.EndedMs is not null).GroupBy(p => p.Generation).OrderBy(g => g.Key))
            {
                var parts = new List<string>
                {
                    Stat("suspend", generation.Select(p => p.SuspendMs)),
                    Stat("collection", generation.Select(p => p.EndedMs!.Value)),
                };
                for (int kind = 0; kind < RootKinds.Length; kind++)
                {
                    double[] phase = [.. generation.Select(p => p.PhaseMs.GetValueOrDefault(kind))];
                    if (phase.Any(ms => ms > 0))
                    {
                        parts.Add(Stat("mark " + RootKinds[kind], phase));
                    }
                }
                parts.Add(Stat("promoted MiB", generation.Select(p => p.PromotedBytes / 1048576.0), "F2"));
                lines.Add($"gen{generation.Key} collections in the window, from GC events ({generation.Count()}), median/max ms: {string.Join("; ", parts)}");
            }
        }
        return lines;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        lock (_gate)
        {
            switch (e.EventName)
            {
                case string n when n.StartsWith("GCSuspendEEBegin", StringComparison.Ordinal):
                    _suspendBegan = e.TimeStamp;
                    break;
                case string n when n.StartsWith("GCSuspendEEEnd", StringComparison.Ordinal):
                    _suspendMs = (e.TimeStamp - _suspendBegan).TotalMilliseconds;
                    break;
                case string n when n.StartsWith("GCStart", StringComparison.Ordinal):
                    _current = new Pause(Convert.ToInt32(e.Payload![1], CultureInfo.InvariantCulture), e.TimeStamp, _suspendMs);
                    _pauses.Add(_current);
                    break;
                case "GCMarkWithType" when _current is not null:
                    int kind = Convert.ToInt32(e.Payload![2], CultureInfo.InvariantCulture);
                    _current.PhaseMs[kind] = _current.PhaseMs.GetValueOrDefault(kind) + (e.TimeStamp - _current.LastMark).TotalMilliseconds;
                    _current.LastMark = e.TimeStamp;
                    break;
                case string n when n.StartsWith("GCEnd", StringComparison.Ordinal) && _current is not null:
                    _current.EndedMs = (e.TimeStamp - _current.Started).TotalMilliseconds;
                    (_ended, _current) = (_current, null);
                    break;
                case string n when n.StartsWith("GCHeapStats", StringComparison.Ordinal) && _ended is not null:
                    // Raised once per collection, after its end: what it promoted out of each generation it condemned.
                    _ended.PromotedBytes = Enumerable.Range(0, _ended.Generation + 1).Sum(g => Convert.ToInt64(e.Payload![e.PayloadNames!.IndexOf($"TotalPromotedSize{g}")], CultureInfo.InvariantCulture));
                    _ended = null;
                    break;
            }
        }
    }

    private static string Stat(string name, IEnumerable<double> values, string format = "F1")
    {
        double[] sorted = [.. values.Order()];
        return string.Create(CultureInfo.InvariantCulture, $"{name} {sorted[sorted.Length / 2].ToString(format, CultureInfo.InvariantCulture)}/{sorted[^1].ToString(format, CultureInfo.InvariantCulture)}");
    }

    private sealed class Pause(int generation, DateTime started, double suspendMs)
    {
        public int Generation { get; } = generation;
        public DateTime Started { get; } = started;
        public double SuspendMs { get; } = suspendMs;
        public DateTime LastMark { get; set; } = started;
        public Dictionary<int, double> PhaseMs { get; } = [];
        public double? EndedMs { get; set; }
        public long PromotedBytes { get; set; }
    }
}
