namespace Bunsan.ControlPlane;

/// <summary>
/// The clock the grains read (heartbeat ages, deployment times). A type of its own rather than a bare
/// TimeProvider in DI, because Orleans resolves TimeProvider for its own timers and membership: tests
/// that fake this clock must not freeze the silo.
/// </summary>
public sealed class ControlPlaneClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
