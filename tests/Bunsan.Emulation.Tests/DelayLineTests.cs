using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bunsan.Emulation.Tests;

/// <summary>What the delay line promises besides precision: order, never early, cancellation, disposal, zero delays.</summary>
public sealed class DelayLineTests : IDisposable
{
    private readonly DelayLine _line = new();

    public void Dispose() => _line.Dispose();

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Fact]
    [Trait("Category", "Timing")] // order 10 ms apart needs a quiet machine: test.sh runs these alone
    public async Task DelayAsync_StartedTogether_CompleteInDueOrder()
    {
        int[] delaysMs = [50, 10, 40, 20, 30];
        var finished = new ConcurrentQueue<int>();

        await Task.WhenAll(delaysMs.Select(async ms =>
        {
            await _line.DelayAsync(TimeSpan.FromMilliseconds(ms), TestToken).ConfigureAwait(false);
            finished.Enqueue(ms);
        }));

        Assert.Equal([10, 20, 30, 40, 50], finished);
    }

    [Fact]
    public async Task DelayAsync_ManyConcurrentWaiters_AllCompleteAndNoneEarly()
    {
        var random = new Random(7);
        TimeSpan[] delays = [.. Enumerable.Range(0, 2000).Select(_ => TimeSpan.FromMicroseconds(random.Next(0, 20_000)))];

        TimeSpan[] elapsed = await Task.WhenAll(delays.Select(async delay =>
        {
            long start = Stopwatch.GetTimestamp();
            await _line.DelayAsync(delay, TestToken).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(start);
        }));

        Assert.All(elapsed.Zip(delays), pair => Assert.True(pair.First >= pair.Second,
            $"a {pair.Second.TotalMilliseconds} ms delay ended after {pair.First.TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task DelayAsync_ShortDelayAfterALongOne_NotHeldBehindIt()
    {
        using var cancelLong = new CancellationTokenSource();
        Task longDelay = _line.DelayAsync(TimeSpan.FromMinutes(5), cancelLong.Token).AsTask();

        // The timing thread is blocked until the long delay's time: the short one must wake it. 30 s only catches a hang.
        await _line.DelayAsync(TimeSpan.FromMilliseconds(5), TestToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestToken);

        Assert.False(longDelay.IsCompleted);
        await cancelLong.CancelAsync();
    }

    [Fact]
    public async Task DelayAsync_OpenLoopOfShortDelays_NoneLeftBehind()
    {
        // An open loop at 1,000 sends/s, each waiting 1–10 ms, makes the timing thread plan its next wait some
        // thousands of times at every distance from the earliest due time, including just past the point where it
        // stops waiting and spins (a wait computed there once came out negative and meant "no timeout": a hang).
        var random = new Random(11);
        var sends = new List<Task>(3000);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < 3000; i++)
        {
            TimeSpan untilSend = TimeSpan.FromMilliseconds(i) - Stopwatch.GetElapsedTime(start);
            await _line.DelayAsync(untilSend, TestToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestToken);
            sends.Add(_line.DelayAsync(TimeSpan.FromMicroseconds(random.Next(1_000, 10_000)), TestToken).AsTask());
        }

        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(30), TestToken); // 30 s only catches a hang
    }

    [Fact]
    public async Task DelayAsync_Elapsed_ResumesOffTheTimingThread()
    {
        // ConfigureAwait(false): resume wherever the line completes the waiter, not on the test's context.
        async Task<string?> ResumingThreadName()
        {
            await _line.DelayAsync(TimeSpan.FromMilliseconds(2), TestToken).ConfigureAwait(false);
            return Thread.CurrentThread.Name;
        }

        Assert.NotEqual("Bunsan delay line", await ResumingThreadName());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void DelayAsync_ZeroOrNegative_CompletesSynchronously(double ms)
    {
        Task delay = _line.DelayAsync(TimeSpan.FromMilliseconds(ms), TestToken).AsTask();

        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task DelayAsync_LongerThanMaxDelay_Refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _line.DelayAsync(DelayLine.MaxDelay + TimeSpan.FromTicks(1), TestToken));

        Assert.Equal("delay", error.ParamName);
    }

    [Fact]
    public async Task DelayAsync_Cancelled_ThrowsWhileLaterWaitersStillElapse()
    {
        using var cancel = new CancellationTokenSource();
        ValueTask cancelled = _line.DelayAsync(TimeSpan.FromSeconds(30), cancel.Token);
        ValueTask earlier = _line.DelayAsync(TimeSpan.FromMilliseconds(5), TestToken);
        ValueTask later = _line.DelayAsync(TimeSpan.FromMilliseconds(60), TestToken);

        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        Assert.Equal(cancel.Token, error.CancellationToken);
        await earlier;
        await later;
    }

    [Fact]
    public void DelayAsync_AlreadyCancelledToken_CancelledSynchronously()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Task delay = _line.DelayAsync(TimeSpan.FromMilliseconds(5), cancel.Token).AsTask();

        Assert.True(delay.IsCanceled);
    }

    [Fact]
    public async Task Dispose_PendingWaiters_FailWithDisposedError()
    {
        var line = new DelayLine();
        ValueTask[] pending = [.. Enumerable.Range(1, 10).Select(i => line.DelayAsync(TimeSpan.FromSeconds(i * 10), TestToken))];

        line.Dispose();

        foreach (ValueTask delay in pending)
        {
            var error = await Assert.ThrowsAsync<ObjectDisposedException>(async () => await delay);
            Assert.Contains("disposed while this delay was pending", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DelayAsync_AfterDispose_Throws()
    {
        var line = new DelayLine();
        line.Dispose();
        line.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await line.DelayAsync(TimeSpan.FromMilliseconds(1), TestToken));
    }

    [Fact]
    public async Task Shared_Dispose_LeavesTheProcessLineWorking()
    {
        DelayLine.Shared.Dispose();

        await DelayLine.Shared.DelayAsync(TimeSpan.FromMilliseconds(1), TestToken);
    }
}
