using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Bunsan.Emulation;

/// <summary>
/// How the delay line's timing thread waits for its next due time: a wait that a new, earlier waiter can cut short.
/// On Linux it is one <c>ppoll</c> on an <c>eventfd</c> with a nanosecond timeout, after the thread's timer slack is
/// set to 1 ns (the default 50 µs slack is added to every timed wait); .NET's own waits take whole milliseconds
/// (<c>Monitor.Wait(1)</c> returns after 1.13 ms p50 here). Measured here: a 50–200 µs kernel sleep overshoots by
/// 47–56 µs at p50 and 69–108 µs at p90 (milliseconds at p99 when the cores are oversubscribed, as any wake-up does).
/// Elsewhere <see cref="IsPrecise"/> is false and the wait is an <see cref="AutoResetEvent"/>'s, in whole milliseconds.
/// </summary>
internal sealed partial class TimingWake : IDisposable
{
    private const int PrSetTimerSlack = 29;
    private const int EfdCloexec = 0x80000;
    private const int EfdNonblock = 0x800;
    private const short PollIn = 1;

    private readonly int _eventFd = -1;
    private readonly AutoResetEvent? _fallback;

    public TimingWake()
    {
        if (OperatingSystem.IsLinux())
        {
            _eventFd = EventFd(0, EfdCloexec | EfdNonblock);
        }
        if (_eventFd < 0)
        {
            _fallback = new AutoResetEvent(false);
        }
    }

    /// <summary>Whether <see cref="Wait"/> ends within ~0.1 ms of its timeout rather than on a millisecond grid.</summary>
    public bool IsPrecise => _fallback is null;

    /// <summary>Makes this thread's timed waits end on time rather than up to 50 µs late; call once on the waiting thread.</summary>
    public void TightenTimerSlack()
    {
        if (IsPrecise)
        {
            // A failure only costs precision (the default slack stays): nothing to report.
            _ = SetTimerSlack(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>Waits until <see cref="Signal"/> (also one that came before this call).</summary>
    public void WaitForSignal()
    {
        if (_fallback is not null)
        {
            _fallback.WaitOne();
            return;
        }
        var poll = new PollFd { Fd = _eventFd, Events = PollIn };
        _ = PollForever(ref poll, 1, IntPtr.Zero, IntPtr.Zero);
        TakeSignal(poll);
    }

    /// <summary>Waits until <see cref="Signal"/> (also one that came before this call) or until
    /// <paramref name="timeoutTicks"/> (<see cref="Stopwatch"/> ticks) have passed, whichever is first.</summary>
    public void Wait(long timeoutTicks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timeoutTicks);
        if (_fallback is not null)
        {
            _fallback.WaitOne((int)Math.Clamp(timeoutTicks * 1000 / Stopwatch.Frequency, 1, int.MaxValue));
            return;
        }
        long ns = (long)(timeoutTicks * (1e9 / Stopwatch.Frequency));
        var timeout = new Timespec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
        var poll = new PollFd { Fd = _eventFd, Events = PollIn };
        _ = Poll(ref poll, 1, in timeout, IntPtr.Zero);
        TakeSignal(poll);
    }

    /// <summary>Ends the current <see cref="Wait"/>, or the next one at once if none is in progress.</summary>
    public void Signal()
    {
        if (_fallback is not null)
        {
            _fallback.Set();
            return;
        }
        ulong one = 1;
        _ = Write(_eventFd, in one, sizeof(ulong));
    }

    private void TakeSignal(PollFd poll)
    {
        if ((poll.Revents & PollIn) != 0)
        {
            // Non-blocking: a signal already taken leaves nothing to read, which is fine.
            ulong count = 0;
            _ = Read(_eventFd, ref count, sizeof(ulong));
        }
    }

    public void Dispose()
    {
        if (_fallback is not null)
        {
            _fallback.Dispose();
        }
        else
        {
            _ = Close(_eventFd);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "eventfd")]
    private static partial int EventFd(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "ppoll")]
    private static partial int Poll(ref PollFd fds, nuint count, in Timespec timeout, IntPtr signalMask);

    [LibraryImport("libc", EntryPoint = "ppoll")]
    private static partial int PollForever(ref PollFd fds, nuint count, IntPtr noTimeout, IntPtr signalMask);

    [LibraryImport("libc", EntryPoint = "read")]
    private static partial nint Read(int fd, ref ulong value, nuint size);

    [LibraryImport("libc", EntryPoint = "write")]
    private static partial nint Write(int fd, in ulong value, nuint size);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int SetTimerSlack(int option, nuint slackNs, nuint unused3, nuint unused4, nuint unused5);
}
