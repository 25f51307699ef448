namespace Bunsan.Simulation.Engine;

/// <summary>
/// A binary min-heap of struct events ordered by (time, sequence). Holds only events in flight —
/// arrivals are merged from their sorted array — so it stays at a few thousand entries and each
/// push or pop costs ~log2(n) ≈ 12 comparisons, with no allocation once grown.
/// </summary>
internal sealed class EventQueue
{
    private SimEvent[] _heap = new SimEvent[1024];
    private long _nextSequence;

    public int Count { get; private set; }

    public double PeekTime => _heap[0].TimeMs;

    public void Push(double timeMs, int slot, SimEventKind kind)
    {
        if (Count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }
        var item = new SimEvent(timeMs, _nextSequence++, slot, kind);
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(item, _heap[parent]))
            {
                break;
            }
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = item;
    }

    public SimEvent Pop()
    {
        SimEvent top = _heap[0];
        SimEvent last = _heap[--Count];
        int i = 0;
        int half = Count >> 1;
        while (i < half)
        {
            int child = (2 * i) + 1;
            if (child + 1 < Count && Before(_heap[child + 1], _heap[child]))
            {
                child++;
            }
            if (!Before(_heap[child], last))
            {
                break;
            }
            _heap[i] = _heap[child];
            i = child;
        }
        if (Count > 0)
        {
            _heap[i] = last;
        }
        return top;
    }

    private static bool Before(in SimEvent a, in SimEvent b) =>
        a.TimeMs < b.TimeMs || (a.TimeMs == b.TimeMs && a.Sequence < b.Sequence);
}
