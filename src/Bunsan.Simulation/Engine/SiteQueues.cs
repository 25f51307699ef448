using Bunsan.Placement.Admission;

namespace Bunsan.Simulation.Engine;

/// <summary>
/// Every site as a multi-server queue over a pool of cores, as the agent's <c>CorePool</c> runs it: an invocation
/// holds its function's cores while it runs (so a site runs cores / cores-per-invocation invocations at once), and
/// waits in arrival order when they are taken. With a <see cref="CoreReservation"/> (the `bunsan` strategy), tight
/// requests wait in a queue of their own that starts first, and loose ones never take the reserved cores. Flat arrays
/// indexed by site; each queue is a linked list through request slots, so nothing allocates per request.
/// </summary>
internal sealed class SiteQueues
{
    private const int Loose = 0;
    private const int Tight = 1;

    private readonly double[] _totalCores;
    private readonly double[] _freeCores;
    private readonly double[] _queuedCoreMs;
    private readonly double[] _tightQueuedCoreMs;
    private readonly double[] _runningCoreMs;
    private readonly CoreReservation[] _reservation;
    private readonly int[][] _head;
    private readonly int[][] _tail;
    private readonly int[][] _queued;

    public SiteQueues(ReadOnlySpan<double> cores, bool keepHeadroom = false)
    {
        _totalCores = cores.ToArray();
        _freeCores = cores.ToArray();
        _queuedCoreMs = new double[cores.Length];
        _tightQueuedCoreMs = new double[cores.Length];
        _runningCoreMs = new double[cores.Length];
        _reservation = [.. _totalCores.Select(c => keepHeadroom ? CoreReservation.For(c) : CoreReservation.None)];
        _head = [new int[cores.Length], new int[cores.Length]];
        _tail = [new int[cores.Length], new int[cores.Length]];
        _queued = [new int[cores.Length], new int[cores.Length]];
        foreach (int[] list in _head.Concat(_tail))
        {
            Array.Fill(list, -1);
        }
    }

    public double TotalCores(int site) => _totalCores[site];

    public int QueueLength(int site) => _queued[Loose][site] + _queued[Tight][site];

    /// <summary>
    /// Whether a request needing <paramref name="cores"/> with <paramref name="remainingMs"/> left may use the
    /// reserved cores: a tight one, or one that needs more cores than the reservation leaves (the agent's rule).
    /// </summary>
    public bool IsTight(int site, double cores, double remainingMs) => _reservation[site].IsTight(remainingMs, cores, _totalCores[site]);

    /// <summary>The queue as a tight or loose request sees it (<see cref="CoreReservation.View"/>), for admission.</summary>
    public SiteQueueState State(int site, bool tight) => _reservation[site].View(tight, new SiteQueueState(
        _totalCores[site],
        _freeCores[site],
        _queuedCoreMs[site],
        _runningCoreMs[site],
        _totalCores[site] - _freeCores[site]), _tightQueuedCoreMs[site]);

    /// <summary>True when a request needing <paramref name="cores"/> would start at once.</summary>
    public bool CanStart(int site, double cores, bool tight) =>
        _head[Tight][site] < 0 && (tight || _head[Loose][site] < 0) && Fits(site, cores, tight);

    public void Start(int site, double cores, double expectedExecMs)
    {
        _freeCores[site] -= cores;
        _runningCoreMs[site] += cores * expectedExecMs;
    }

    public void Finish(int site, double cores, double expectedExecMs)
    {
        _freeCores[site] += cores;
        _runningCoreMs[site] -= cores * expectedExecMs;
        if (QueueLength(site) == 0 && _freeCores[site] >= _totalCores[site] - 1e-9)
        {
            // Idle: clear floating-point residue so sums do not drift over millions of requests.
            _freeCores[site] = _totalCores[site];
            _runningCoreMs[site] = 0;
        }
    }

    public void Enqueue(int site, int slot, double coreMs, bool tight, int[] next)
    {
        int q = tight ? Tight : Loose;
        next[slot] = -1;
        if (_tail[q][site] < 0)
        {
            _head[q][site] = slot;
        }
        else
        {
            next[_tail[q][site]] = slot;
        }
        _tail[q][site] = slot;
        _queued[q][site]++;
        _queuedCoreMs[site] += coreMs;
        _tightQueuedCoreMs[site] += tight ? coreMs : 0;
    }

    /// <summary>The request that starts next when cores free up: the tight queue's head, else the loose one's; -1 when none waits.</summary>
    public (int Slot, bool Tight) Head(int site) =>
        _head[Tight][site] >= 0 ? (_head[Tight][site], true) : (_head[Loose][site], false);

    /// <summary>Whether the head (<see cref="Head"/>) needing <paramref name="headCores"/> fits the free cores now.</summary>
    public bool HeadFits(int site, double headCores, bool tight) => Fits(site, headCores, tight);

    public void Dequeue(int site, bool tight, double coreMs, int[] next)
    {
        int q = tight ? Tight : Loose;
        int slot = _head[q][site];
        _head[q][site] = next[slot];
        if (_head[q][site] < 0)
        {
            _tail[q][site] = -1;
        }
        _queued[q][site]--;
        _queuedCoreMs[site] = QueueLength(site) == 0 ? 0 : _queuedCoreMs[site] - coreMs;
        _tightQueuedCoreMs[site] = _queued[Tight][site] == 0 ? 0 : _tightQueuedCoreMs[site] - (tight ? coreMs : 0);
    }

    private bool Fits(int site, double cores, bool tight) =>
        _freeCores[site] - (tight ? 0 : _reservation[site].ReservedCores) >= cores - 1e-9;
}
