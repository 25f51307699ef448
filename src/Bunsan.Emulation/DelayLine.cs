using System.Diagnostics;

namespace Bunsan.Emulation;

/// <summary>
/// Delays to within ±0.3 ms of the request: the emulated wide-area link. <c>Task.Delay</c> and
/// <c>System.Threading.Timer</c> fire on a ~4 ms grid on our machines (<c>Task.Delay(1)</c> p50 3.7–4.3 ms),
/// more than a realtime class's whole budget, so one dedicated timing thread keeps the pending delays in a
/// min-heap by due time, waits once until 0.1 ms before the earliest (a precise <see cref="TimingWake"/> that an
/// earlier arrival cuts short) and spins the rest. Waiters resume on the thread pool, never on the timing thread.
/// </summary>
/// <remarks>
/// CPU: nothing pending → the thread blocks without a timeout (0 %). Each distinct due time costs one wake-up (two
/// for delays of several seconds) and a spin of ≤ 0.1 ms (of ≤ 1.3 ms where waits take whole milliseconds); delays
/// due less than ~0.1 ms apart keep the thread spinning — never more than one core per line (README.md has the
/// numbers).
/// </remarks>
public sealed class DelayLine : IDisposable
{
    /// <summary>The longest delay accepted: an emulated link slower than this is a bug in the caller's arithmetic.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    // A precise wait overshoots by ~50 µs at p50 and ≤ 0.11 ms at p90 here, so waking 0.1 ms early and spinning the
    // rest is on time nine times in ten for ≤ 0.1 ms of spin. A millisecond-grained wait (1 ms takes 1.13 ms p50,
    // 1.17 ms p90) has to stop 1.3 ms early.
    private static readonly long PreciseLeadTicks = Stopwatch.Frequency / 10_000;
    private static readonly long CoarseLeadTicks = Stopwatch.Frequency * 13 / 10_000;

    // Linux adds up to 0.1 % of a poll's timeout to its slack, so each wait asks for remaining/512 less and never ends
    // past the lead: a long delay's first wait ends that much early, and a second, short one follows.
    private const int SlackDivisor = 512;

    private static readonly Lazy<DelayLine> SharedLine = new(() => new DelayLine(isShared: true));

    private readonly Lock _gate = new();
    private readonly TimingWake _wake = new();
    private readonly long _leadTicks;
    private readonly PriorityQueue<TaskCompletionSource, long> _pending = new();
    private readonly Thread _timingThread;
    private readonly bool _isShared;
    private volatile bool _disposed;

    // Bumped (under _gate) whenever a new waiter becomes the earliest, so a timing thread in its last stretch re-plans.
    private int _earliestChanged;

    public DelayLine()
        : this(isShared: false)
    {
    }

    private DelayLine(bool isShared)
    {
        _isShared = isShared;
        _leadTicks = _wake.IsPrecise ? PreciseLeadTicks : CoarseLeadTicks;
        _timingThread = new Thread(RunTimingLoop)
        {
            IsBackground = true,
            Name = "Bunsan delay line",
            // Honoured on Windows; the runtime ignores thread priorities on Linux (measured: nice stays 0, even as root).
            Priority = ThreadPriority.AboveNormal,
        };
        _timingThread.Start();
    }

    /// <summary>One line for the whole process (an agent's links and the load generator share it); disposing it does nothing.</summary>
    public static DelayLine Shared => SharedLine.Value;

    /// <summary>Completes <paramref name="delay"/> after now (±0.3 ms); zero or negative completes at once, synchronously.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is longer than <see cref="MaxDelay"/>.</exception>
    /// <exception cref="ObjectDisposedException">The line was disposed (also how pending delays end when it is).</exception>
    public ValueTask DelayAsync(TimeSpan delay, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, MaxDelay);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ct.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(ct);
        }
        if (delay <= TimeSpan.Zero)
        {
            return ValueTask.CompletedTask;
        }

        long due = Stopwatch.GetTimestamp() + (long)(delay.Ticks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));
        // RunContinuationsAsynchronously: the awaiting code resumes on the thread pool (~40 µs p50 here), never on
        // the timing thread, so one slow continuation cannot make every later delay late.
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            bool becomesEarliest = !_pending.TryPeek(out _, out long earliest) || due < earliest;
            _pending.Enqueue(waiter, due);
            if (becomesEarliest)
            {
                _earliestChanged++;
                _wake.Signal();
            }
        }
        return ct.CanBeCanceled ? AwaitCancellableAsync(waiter, ct) : new ValueTask(waiter.Task);
    }

    /// <summary>Stops the timing thread; pending delays fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_isShared)
        {
            return;
        }
        TaskCompletionSource[] abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            abandoned = [.. _pending.UnorderedItems.Select(entry => entry.Element)];
            _pending.Clear();
            _wake.Signal();
        }
        foreach (TaskCompletionSource waiter in abandoned)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(DelayLine), "The delay line was disposed while this delay was pending."));
        }
        _timingThread.Join();
        _wake.Dispose();
    }

    /// <summary>
    /// Cancellation completes the waiter at once; the waiter stays in the heap and the timing thread drops it when it
    /// surfaces, so cancelling never costs an O(n) heap removal. The registration ends with the delay.
    /// </summary>
    private static async ValueTask AwaitCancellableAsync(TaskCompletionSource waiter, CancellationToken ct)
    {
        using CancellationTokenRegistration registration = ct.UnsafeRegister(
            static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), waiter);
        await waiter.Task.ConfigureAwait(false);
    }

    private void RunTimingLoop()
    {
        _wake.TightenTimerSlack();
        var due = new List<TaskCompletionSource>();
        while (true)
        {
            long? dueAt = null;
            int seen;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
                long now = Stopwatch.GetTimestamp();
                while (_pending.TryPeek(out TaskCompletionSource? next, out long earliest) && (earliest <= now || next.Task.IsCompleted))
                {
                    due.Add(_pending.Dequeue());
                }
                if (due.Count == 0 && _pending.TryPeek(out _, out long first))
                {
                    dueAt = first;
                }
                seen = _earliestChanged;
            }

            if (due.Count > 0)
            {
                // Outside the lock: completing only queues continuations, but the enqueue path need not wait for that.
                foreach (TaskCompletionSource waiter in due)
                {
                    waiter.TrySetResult();
                }
                due.Clear();
            }
            else if (dueAt is not { } earliest)
            {
                _wake.WaitForSignal(); // idle: no timeout, no CPU
            }
            else
            {
                long remaining = earliest - Stopwatch.GetTimestamp();
                if (remaining - _leadTicks - (remaining / SlackDivisor) is > 0 and long waitTicks)
                {
                    _wake.Wait(waitTicks);
                }
                else
                {
                    SpinUntil(earliest, seen);
                }
            }
        }
    }

    /// <summary>Spins out the last stretch before <paramref name="earliest"/>; returns early to re-plan when an earlier
    /// waiter arrives or the line closes.</summary>
    private void SpinUntil(long earliest, int seen)
    {
        while (Volatile.Read(ref _earliestChanged) == seen && !_disposed && Stopwatch.GetTimestamp() < earliest)
        {
            // ~20 pause instructions (≈ 0.1–1 µs) between clock reads: precise enough, and polite to a hyper-thread sibling.
            Thread.SpinWait(20);
        }
    }
}
