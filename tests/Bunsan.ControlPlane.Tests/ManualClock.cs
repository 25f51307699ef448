namespace Bunsan.ControlPlane.Tests;

/// <summary>A clock that moves only when a test says so; thread-safe because grains read it from the silo's threads.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _utcTicks = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
