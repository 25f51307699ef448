namespace Bunsan.Executor;

/// <summary>
/// Sizes the sandbox's instance pool. Wasmtime's pooling allocator reserves every slot's address space
/// once and keeps the first pages of each linear memory resident between invocations. On this
/// project's VMs touching fresh memory is slow: a fresh instance that writes its input measured
/// ~260 µs with the default allocator, ~60 µs pooled, ~4 µs pooled and resident (target: 50 µs).
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>Instances alive at once; one more invocation is answered Busy. Default 64: on a 2-core site
    /// admission control keeps far fewer in flight. Range 1–10,000.</summary>
    public int MaxConcurrentInstances { get; init; } = 64;

    /// <summary>The largest linear memory any invocation may be granted (the ceiling for
    /// <see cref="ExecutionLimits.MemoryBytes"/>). Default 256 MiB. Range 64 KiB – 4 GiB.</summary>
    public long MemoryCeilingBytes { get; init; } = 256L << 20;

    /// <summary>Bytes of each memory slot kept resident (zeroed, not unmapped) after an invocation.
    /// Default 1 MiB: covers small functions' whole heap. Range 0 – <see cref="MemoryCeilingBytes"/>.</summary>
    public long KeepResidentBytes { get; init; } = 1L << 20;

    /// <summary>Throws, naming the field and its valid range, when a value is out of range.</summary>
    public void Validate()
    {
        if (MaxConcurrentInstances is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentInstances), MaxConcurrentInstances, "use 1 to 10,000 instances");
        }
        if (MemoryCeilingBytes < Wasmtime.Memory.PageSize || MemoryCeilingBytes > 4L << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(MemoryCeilingBytes), MemoryCeilingBytes, "use 64 KiB to 4 GiB");
        }
        if (KeepResidentBytes < 0 || KeepResidentBytes > MemoryCeilingBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepResidentBytes), KeepResidentBytes, "use 0 to MemoryCeilingBytes");
        }
    }
}
