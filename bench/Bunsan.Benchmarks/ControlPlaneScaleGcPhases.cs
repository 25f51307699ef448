using System.Diagnostics.Tracing;
using System.Globalization;

namespace Bunsan.Benchmarks;

/// <summary>
/// Where each gen0/gen1 pause of the server went, from the runtime's own GC events (in-process, no tracer): the time
/// to suspend the managed threads, and within the collection each marking phase, timed from one
/// <c>GCMarkWithType</c> event to the next (stack roots, finalization queue, handles, older generations' cards, ...).
/// </summary>
internal sealed class ControlPlaneScaleGcPhases : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    // GCMarkWithType's Type field (the runtime's gc_root_kind).
    private static readonly string[] RootKinds = ["stack", "finalize queue", "handles", "older generations (cards)", "sized refs", "overflow", "dependent handles", "new finalize queue", "steal"];

    private readonly Lock _gate = new();
    private readonly List<Pause> _pauses = [];
    private Pause? _current;
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

    /// <summary>For gen0 and gen1 collections since <see cref="Mark"/>: median and max of suspension, whole collection, and each marking phase.</summary>
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
                lines.Add($"gen{generation.Key} pauses from GC events ({generation.Count()}), median/max ms: {string.Join("; ", parts)}");
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
                    _current = null;
                    break;
            }
        }
    }

    private static string Stat(string name, IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return string.Create(CultureInfo.InvariantCulture, $"{name} {sorted[sorted.Length / 2]:F1}/{sorted[^1]:F1}");
    }

    private sealed class Pause(int generation, DateTime started, double suspendMs)
    {
        public int Generation { get; } = generation;
        public DateTime Started { get; } = started;
        public double SuspendMs { get; } = suspendMs;
        public DateTime LastMark { get; set; } = started;
        public Dictionary<int, double> PhaseMs { get; } = [];
        public double? EndedMs { get; set; }
    }
}
