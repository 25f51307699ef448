namespace Bunsan.Executor;

/// <summary>
/// What one invocation may use. Fuel is Wasmtime's instruction count: deterministic, so a function that
/// fits on one site fits on every site, whatever the load. Measured on this project's 2-core VMs a
/// tight loop burns ~2 fuel per ns and the primes example 5–7 (fuel counts operations, and the CPU
/// runs several per cycle), so the default 100 million fuel is 15–60 ms of CPU.
/// </summary>
public sealed record ExecutionLimits
{
    public static ExecutionLimits Default { get; } = new();

    /// <summary>Instructions (fuel units) the invocation may execute, instantiation included.</summary>
    public ulong Fuel { get; init; } = 100_000_000;

    /// <summary>The most bytes the linear memory may grow to; a larger <c>memory.grow</c> returns -1.
    /// At most <see cref="SandboxOptions.MemoryCeilingBytes"/>.</summary>
    public long MemoryBytes { get; init; } = 16L << 20;

    /// <summary>Longer inputs are refused before any instance is made.</summary>
    public int MaxInputBytes { get; init; } = 1 << 20;

    /// <summary>A longer output is an ABI violation, so a function cannot make the host copy its whole memory.</summary>
    public int MaxOutputBytes { get; init; } = 1 << 20;
}
