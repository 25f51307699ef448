using Wasmtime;

namespace Bunsan.Executor;

/// <summary>
/// The one Wasmtime engine a site shares between its module store and its executor: compiled code
/// and precompiled artefacts are only valid for the engine settings they were made with. Thread-safe.
/// </summary>
public sealed class SandboxEngine : IDisposable
{
    private int _instancesInUse;

    public SandboxEngine(SandboxOptions? options = null)
    {
        Options = options ?? new SandboxOptions();
        Options.Validate();
        using var pool = new PoolingAllocationConfig()
            .WithMaxCoreInstances((uint)Options.MaxConcurrentInstances)
            .WithMaxMemories((uint)Options.MaxConcurrentInstances)
            .WithMaxTables((uint)Options.MaxConcurrentInstances)
            .WithMaxMemorySize((nuint)Options.MemoryCeilingBytes)
            .WithLinearMemoryKeepResidentBytes((nuint)Options.KeepResidentBytes);
        using var config = new Config()
            // Fuel counts executed instructions: a deterministic CPU limit, the same on every site.
            .WithFuelConsumption(true)
            .WithPoolingAllocationStrategy(pool);
        Engine = new Engine(config);
    }

    public SandboxOptions Options { get; }

    internal Engine Engine { get; }

    /// <summary>Claims one of the pool's instance slots; false when all are taken. Counted here, not per
    /// executor, because the pool is the engine's: an exhausted pool would fail instantiation obscurely.</summary>
    internal bool TryTakeInstanceSlot()
    {
        if (Interlocked.Increment(ref _instancesInUse) <= Options.MaxConcurrentInstances)
        {
            return true;
        }
        Interlocked.Decrement(ref _instancesInUse);
        return false;
    }

    internal void ReturnInstanceSlot() => Interlocked.Decrement(ref _instancesInUse);

    public void Dispose() => Engine.Dispose();
}
