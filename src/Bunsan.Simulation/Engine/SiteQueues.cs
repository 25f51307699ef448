using Bunsan.Placement.Admission;

namespace Bunsan.Simulation.Engine;

/// <summary>
/// Every site as a multi-server FIFO queue over a pool of cores: an invocation holds its function's
/// cores while it runs (so a site runs cores / cores-per-invocation invocations at once), and waits in
/// arrival order when they are taken. Flat arrays indexed by site; the queue is a linked list through
/// request slots, so nothing allocates per request.
/// </summary>
internal sealed class SiteQueues
{
    private readonly double[] _totalCores;
    private readonly double[] _freeCores;
    private readonly double[] _queuedCoreMs;
    private readonly double[] _runningCoreMs;
    private readonly int[] _head;
    private readonly int[] _tail;
    private readonly int[] _queued;

    public SiteQueues(ReadOnlySpan<double> cores)
    {
        _totalCores = cores.ToArray();
        _freeCores = cores.ToArray();
        _queuedCoreMs = new double[cores.Length];
        _runningCoreMs = new double[cores.Length];
        _head = new int[cores.Length];
        _tail = new int[cores.Length];
        _queued = new int[cores.Length];
        Array.Fill(_head, -1);
        Array.Fill(_tail, -1);
    }

    public double TotalCores(int site) => _totalCores[site];

    public int QueueLength(int site) => _queued[site];

    public SiteQueueState State(int site) => new(
        _totalCores[site],
        _freeCores[site],
        _queuedCoreMs[site],
        _runningCoreMs[site],
        _totalCores[site] - _freeCores[site]);

    /// <summary>True when a request needing <paramref name="cores"/> would start at once.</summary>
    public bool CanStart(int site, double cores) => _head[site] < 0 && _freeCores[site] >= cores - 1e-9;

    public void Start(int site, double cores, double expectedExecMs)
    {
        _freeCores[site] -= cores;
        _runningCoreMs[site] += cores * expectedExecMs;
    }

    public void Finish(int site, double cores, double expectedExecMs)
    {
        _freeCores[site] += cores;
        _runningCoreMs[site] -= cores * expectedExecMs;
        if (_head[site] < 0 && _freeCores[site] >= _totalCores[site] - 1e-9)
        {
            // Idle: clear floating-point residue so sums do not drift over millions of requests.
            _freeCores[site] = _totalCores[site];
            _runningCoreMs[site] = 0;
        }
    }

    public void Enqueue(int site, int slot, double coreMs, int[] next)
    {
        next[slot] = -1;
        if (_tail[site] < 0)
        {
            _head[site] = slot;
        }
        else
        {
            next[_tail[site]] = slot;
        }
        _tail[site] = slot;
        _queued[site]++;
        _queuedCoreMs[site] += coreMs;
    }

    /// <summary>The slot at the head of the queue if its cores are free now, else -1.</summary>
    public int PeekStartable(int site, double headCores) =>
        _head[site] >= 0 && _freeCores[site] >= headCores - 1e-9 ? _head[site] : -1;

    public int Head(int site) => _head[site];

    public void Dequeue(int site, double coreMs, int[] next)
    {
        int slot = _head[site];
        _head[site] = next[slot];
        if (_head[site] < 0)
        {
            _tail[site] = -1;
        }
        _queued[site]--;
        _queuedCoreMs[site] = _queued[site] == 0 ? 0 : _queuedCoreMs[site] - coreMs;
    }
}
