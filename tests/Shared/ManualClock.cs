namespace Bunsan.Tests;

/// <summary>A wall clock that moves only when a test says so (timestamps stay real); thread-safe: grains and agents read it from their own threads.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _utcTicks = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
