using Bunsan.Placement.Admission;

namespace Bunsan.Agent;

/// <summary>
/// A site's cores as one pool behind a multi-server queue, with admission at the door (DESIGN.md, "Request protocol"):
/// an invocation holds its function's cores while it runs; one that cannot start waits in arrival order; and
/// one whose predicted wait + expected execution would overrun its remaining budget is refused at once
/// (<see cref="AdmissionControl"/>, the same rule the simulator runs), so the gateway can try another site.
/// With a <see cref="CoreReservation"/>, tight requests (little budget left) queue apart and start first, and loose
/// ones never take the reserved cores. Work is tracked in core-milliseconds exactly as <see cref="SiteQueueState"/>
/// describes. Thread-safe; one lock, held for a few additions per request.
/// </summary>
public sealed class CorePool
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _tightWaiting = new();
    private readonly LinkedList<Waiter> _looseWaiting = new();
    private double _freeCores;
    private double _queuedCoreMs;
    private double _tightQueuedCoreMs;
    private double _runningCoreMs;

    public CorePool(double totalCores)
        : this(totalCores, CoreReservation.None)
    {
    }

    public CorePool(double totalCores, CoreReservation reservation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalCores);
        ArgumentOutOfRangeException.ThrowIfNegative(reservation.ReservedCores);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(reservation.ReservedCores, totalCores);
        TotalCores = totalCores;
        Reservation = reservation;
        _freeCores = totalCores;
    }

    public double TotalCores { get; }

    /// <summary>The headroom kept for tight requests (<see cref="CoreReservation.None"/>: one FIFO queue).</summary>
    public CoreReservation Reservation { get; }

    /// <summary>What heartbeats report: the share of cores busy, and the wait a new one-core invocation would see (ms).</summary>
    public (double Utilisation, double QueueMs) Load()
    {
        lock (_lock)
        {
            return (Math.Clamp((TotalCores - _freeCores) / TotalCores, 0, 1), _queuedCoreMs / TotalCores);
        }
    }

    /// <summary>
    /// The wait admission would predict now for a request needing <paramref name="cores"/> with
    /// <paramref name="remainingBudgetMs"/> left, ms (the gateway routes on it).
    /// </summary>
    public double PredictWaitMs(double cores, double remainingBudgetMs)
    {
        lock (_lock)
        {
            return AdmissionControl.PredictQueueWaitMs(ViewFor(IsTight(cores, remainingBudgetMs)), cores);
        }
    }

    /// <summary>Invocations waiting for cores now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _tightWaiting.Count + _looseWaiting.Count;
            }
        }
    }

    /// <summary>
    /// Admits or refuses a request needing <paramref name="cores"/> for about <paramref name="expectedExecMs"/>,
    /// with <paramref name="remainingBudgetMs"/> left for waiting and running (+∞: batch, always admitted).
    /// When admitted, <paramref name="lease"/> completes once the cores are the request's; dispose it when done.
    /// </summary>
    public AdmissionVerdict TryAdmit(double cores, double expectedExecMs, double remainingBudgetMs, out CoreLease? lease)
    {
        lease = null;
        lock (_lock)
        {
            bool tight = IsTight(cores, remainingBudgetMs);
            SiteQueueState view = ViewFor(tight);
            AdmissionVerdict verdict = AdmissionControl.Decide(view, cores, expectedExecMs, remainingBudgetMs);
            if (!verdict.Admitted)
            {
                return verdict;
            }
            var waiter = new Waiter(cores, expectedExecMs, tight);
            if (view.CanStartNow(cores))
            {
                Start(waiter);
                waiter.Started.SetResult();
            }
            else
            {
                waiter.Node = (tight ? _tightWaiting : _looseWaiting).AddLast(waiter);
                _queuedCoreMs += waiter.CoreMs;
                _tightQueuedCoreMs += tight ? waiter.CoreMs : 0;
            }
            lease = new CoreLease(this, waiter);
            return verdict;
        }
    }

    private bool IsTight(double cores, double remainingBudgetMs) => Reservation.IsTight(remainingBudgetMs, cores, TotalCores);

    private SiteQueueState ViewFor(bool tight) =>
        Reservation.View(tight, new SiteQueueState(TotalCores, _freeCores, _queuedCoreMs, _runningCoreMs, TotalCores - _freeCores), _tightQueuedCoreMs);

    private void Start(Waiter waiter)
    {
        _freeCores -= waiter.Cores;
        _runningCoreMs += waiter.CoreMs;
        waiter.Running = true;
    }

    /// <summary>Frees a running request's cores, or takes a waiting one out of the queue, then starts whoever now fits.</summary>
    private void Leave(Waiter waiter)
    {
        List<Waiter>? started = null;
        lock (_lock)
        {
            if (waiter.Running)
            {
                waiter.Running = false;
                _freeCores += waiter.Cores;
                _runningCoreMs -= waiter.CoreMs;
            }
            else if (waiter.Node is not null)
            {
                Dequeue(waiter);
            }
            StartWhoFits(_tightWaiting, 0, ref started);
            if (_tightWaiting.Count == 0)
            {
                StartWhoFits(_looseWaiting, Reservation.ReservedCores, ref started);
                _tightQueuedCoreMs = 0;
            }
            if (_tightWaiting.Count + _looseWaiting.Count == 0)
            {
                // Clear floating-point residue so the sums do not drift over millions of requests.
                _queuedCoreMs = 0;
                if (_freeCores >= TotalCores - 1e-9)
                {
                    _freeCores = TotalCores;
                    _runningCoreMs = 0;
                }
            }
        }
        // Completed outside the lock: continuations run elsewhere (RunContinuationsAsynchronously) but never under it.
        started?.ForEach(w => w.Started.TrySetResult());
    }

    /// <summary>Starts the queue's head while its cores are free with <paramref name="keepFree"/> cores still to spare, in arrival order.</summary>
    private void StartWhoFits(LinkedList<Waiter> queue, double keepFree, ref List<Waiter>? started)
    {
        while (queue.First is { } head && _freeCores - keepFree >= head.Value.Cores - 1e-9)
        {
            Dequeue(head.Value);
            Start(head.Value);
            (started ??= []).Add(head.Value);
        }
    }

    private void Dequeue(Waiter waiter)
    {
        (waiter.Tight ? _tightWaiting : _looseWaiting).Remove(waiter.Node!);
        waiter.Node = null;
        _queuedCoreMs -= waiter.CoreMs;
        _tightQueuedCoreMs -= waiter.Tight ? waiter.CoreMs : 0;
    }

    internal sealed class Waiter(double cores, double expectedExecMs, bool tight)
    {
        public double Cores { get; } = cores;

        /// <summary>Whether it queues with the tight requests (and may take reserved cores).</summary>
        public bool Tight { get; } = tight;

        public double CoreMs { get; } = cores * expectedExecMs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public bool Running { get; set; }
    }

    /// <summary>An admitted request's claim on the site's cores: await <see cref="WaitAsync"/>, run, dispose.</summary>
    public sealed class CoreLease : IDisposable
    {
        private readonly CorePool _queue;
        private readonly Waiter _waiter;
        private int _disposed;

        internal CoreLease(CorePool queue, Waiter waiter)
        {
            _queue = queue;
            _waiter = waiter;
        }

        /// <summary>Completes when the cores are this request's; cancelling leaves the queue.</summary>
        public Task WaitAsync(CancellationToken cancellationToken) => _waiter.Started.Task.WaitAsync(cancellationToken);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _queue.Leave(_waiter);
            }
        }
    }
}
