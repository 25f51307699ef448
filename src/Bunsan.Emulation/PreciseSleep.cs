using System.Runtime.InteropServices;

namespace Bunsan.Emulation;

/// <summary>
/// Sub-millisecond sleeps for the delay line's timing thread, on Linux: <c>nanosleep</c> after setting the thread's
/// timer slack to 1 ns (the default 50 µs slack is added to every sleep). .NET's own waits take whole milliseconds.
/// Measured here: a 50–200 µs nanosleep overshoots by 47–56 µs at p50 and 69–108 µs at p90 (milliseconds at p99
/// when the cores are oversubscribed, as any wake-up does). Elsewhere <see cref="IsAvailable"/> is false and the
/// line spins instead.
/// </summary>
internal static partial class PreciseSleep
{
    private const int PrSetTimerSlack = 29;

    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    /// <summary>Makes this thread's sleeps end on time rather than up to 50 µs late; call once on the sleeping thread.</summary>
    public static void TightenTimerSlack()
    {
        if (IsAvailable)
        {
            // A failure only costs precision (the default slack stays): nothing to report.
            _ = SetTimerSlack(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>Sleeps about <paramref name="duration"/> (plus the overshoot above); interrupted sleeps just return early.</summary>
    public static void Sleep(TimeSpan duration)
    {
        var request = new Timespec { Seconds = 0, Nanoseconds = Math.Clamp(duration.Ticks * 100, 0, 999_999_999) };
        _ = NanoSleep(in request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(in Timespec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int SetTimerSlack(int option, nuint slackNs, nuint unused3, nuint unused4, nuint unused5);
}
