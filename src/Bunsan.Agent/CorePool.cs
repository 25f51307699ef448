using Bunsan.Placement.Admission;

namespace Bunsan.Agent;

/// <summary>
/// A site's cores as one pool behind a FIFO multi-server queue, with admission at the door (DESIGN.md, "Request protocol"):
/// an invocation holds its function's cores while it runs; one that cannot start waits in arrival order; and
/// one whose predicted wait + expected execution would overrun its remaining budget is refused at once
/// (<see cref="AdmissionControl"/>, the same rule the simulator runs), so the gateway can try another site.
/// Work is tracked in core-milliseconds exactly as <see cref="SiteQueueState"/> describes. Thread-safe; one lock,
/// held for a few additions per request.
/// </summary>
public sealed class CorePool
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private double _freeCores;
    private double _queuedCoreMs;
    private double _runningCoreMs;

    public CorePool(double totalCores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalCores);
        TotalCores = totalCores;
        _freeCores = totalCores;
    }

    public double TotalCores { get; }

    /// <summary>What heartbeats report: the share of cores busy, and the wait a new one-core invocation would see (ms).</summary>
    public (double Utilisation, double QueueMs) Load()
    {
        lock (_lock)
        {
            return (Math.Clamp((TotalCores - _freeCores) / TotalCores, 0, 1), _queuedCoreMs / TotalCores);
        }
    }

    /// <summary>The wait admission would predict now for a request needing <paramref name="cores"/>, ms (the gateway routes on it).</summary>
    public double PredictWaitMs(double cores)
    {
        lock (_lock)
        {
            return AdmissionControl.PredictQueueWaitMs(State(), cores);
        }
    }

    /// <summary>Invocations waiting for cores now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
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
            SiteQueueState state = State();
            AdmissionVerdict verdict = AdmissionControl.Decide(state, cores, expectedExecMs, remainingBudgetMs);
            if (!verdict.Admitted)
            {
                return verdict;
            }
            var waiter = new Waiter(cores, expectedExecMs);
            if (state.CanStartNow(cores))
            {
                Start(waiter);
                waiter.Started.SetResult();
            }
            else
            {
                waiter.Node = _waiting.AddLast(waiter);
                _queuedCoreMs += waiter.CoreMs;
            }
            lease = new CoreLease(this, waiter);
            return verdict;
        }
    }

    private SiteQueueState State() => new(TotalCores, _freeCores, _queuedCoreMs, _runningCoreMs, TotalCores - _freeCores);

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
                _waiting.Remove(waiter.Node);
                waiter.Node = null;
                _queuedCoreMs -= waiter.CoreMs;
            }
            while (_waiting.First is { } head && _freeCores >= head.Value.Cores - 1e-9)
            {
                _waiting.RemoveFirst();
                head.Value.Node = null;
                _queuedCoreMs -= head.Value.CoreMs;
                Start(head.Value);
                (started ??= []).Add(head.Value);
            }
            if (_waiting.Count == 0)
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

    internal sealed class Waiter(double cores, double expectedExecMs)
    {
        public double Cores { get; } = cores;

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
