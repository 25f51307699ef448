using System.Diagnostics;

namespace Bunsan.Emulation;

/// <summary>
/// Delays to within ±0.3 ms of the request: the emulated wide-area link. <c>Task.Delay</c> and
/// <c>System.Threading.Timer</c> fire on a ~4 ms grid on our machines (<c>Task.Delay(1)</c> p50 3.7–4.3 ms),
/// more than a realtime class's whole budget, so one dedicated timing thread keeps the pending delays in a
/// min-heap by due time, blocks on a monitor while the earliest is more than 1.3 ms away, takes sub-millisecond
/// sleeps (Linux <c>nanosleep</c>) until 0.15 ms remain, and spins the rest. Waiters resume on the thread pool,
/// never on the timing thread.
/// </summary>
/// <remarks>
/// CPU: nothing pending → the thread blocks without a timeout (0 %). Each distinct due time costs one monitor
/// wake-up, about ten 0.1 ms sleeps and a ≤ 0.15 ms spin (a ≤ 1.3 ms spin where sub-millisecond sleeps are not
/// available); delays due less than ~0.15 ms apart keep the thread spinning — never more than one core per line
/// (README.md has the numbers).
/// </remarks>
public sealed class DelayLine : IDisposable
{
    /// <summary>The longest delay accepted: an emulated link slower than this is a bug in the caller's arithmetic.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(10);

    // A 1 ms monitor wait returns after 1.13 ms at p50 and 1.17 ms at p90 here (Thread.Sleep(1): 1.09–1.13 ms),
    // so blocking only while more than 1.3 ms remain wakes ahead of the due time nine times in ten.
    private static readonly long SpinWindowTicks = Stopwatch.Frequency * 13 / 10_000;

    // Within the window, sleep in hops of at most 0.1 ms until 0.15 ms remain, then spin: a short nanosleep overshoots
    // by ~50 µs at p50 and ≤ 0.11 ms at p90 here, so the spin absorbs it, and a spin of ≤ 0.15 ms instead of ≤ 1.3 ms
    // is most of the CPU saved when several processes' lines share two cores.
    private static readonly long FinalSpinTicks = Stopwatch.Frequency * 15 / 100_000;
    private static readonly long MaxHopTicks = Stopwatch.Frequency / 10_000;

    private static readonly Lazy<DelayLine> SharedLine = new(() => new DelayLine(isShared: true));

    // A monitor, not System.Threading.Lock: the timing thread sleeps on it (Monitor.Wait) and enqueues wake it (Pulse).
    private readonly object _gate = new();
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
                Monitor.Pulse(_gate);
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
            Monitor.Pulse(_gate);
        }
        foreach (TaskCompletionSource waiter in abandoned)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(DelayLine), "The delay line was disposed while this delay was pending."));
        }
        _timingThread.Join();
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
        PreciseSleep.TightenTimerSlack();
        var due = new List<TaskCompletionSource>();
        while (true)
        {
            long earliest;
            int seen;
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
                long now = Stopwatch.GetTimestamp();
                while (_pending.TryPeek(out TaskCompletionSource? next, out earliest) && (earliest <= now || next.Task.IsCompleted))
                {
                    due.Add(_pending.Dequeue());
                }
                if (due.Count == 0)
                {
                    if (_pending.Count == 0)
                    {
                        Monitor.Wait(_gate); // idle: no timeout, no CPU
                        continue;
                    }
                    long remaining = earliest - now;
                    if (remaining > SpinWindowTicks)
                    {
                        long sleepMs = Math.Max(1, (remaining - SpinWindowTicks) * 1000 / Stopwatch.Frequency);
                        Monitor.Wait(_gate, (int)Math.Min(sleepMs, int.MaxValue));
                        continue;
                    }
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
                continue;
            }
            WaitUntil(earliest, seen);
        }
    }

    /// <summary>
    /// Waits out the last stretch before <paramref name="earliest"/>: short sub-millisecond sleeps while more than
    /// <see cref="FinalSpinTicks"/> remain (where the platform has them), then a spin. Returns early to re-plan when
    /// an earlier waiter arrives or the line closes; a hop is at most <see cref="MaxHopTicks"/>, so a new waiter is
    /// seen within ~0.15 ms.
    /// </summary>
    private void WaitUntil(long earliest, int seen)
    {
        while (Volatile.Read(ref _earliestChanged) == seen && !_disposed)
        {
            long remaining = earliest - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }
            if (remaining > FinalSpinTicks && PreciseSleep.IsAvailable)
            {
                PreciseSleep.Sleep(Stopwatch.GetElapsedTime(0, Math.Min(remaining - FinalSpinTicks, MaxHopTicks)));
            }
            else
            {
                // ~20 pause instructions (≈ 0.1–1 µs) between clock reads: precise enough, and polite to a hyper-thread sibling.
                Thread.SpinWait(20);
            }
        }
    }
}
