using Wasmtime;

namespace Bunsan.Executor;

/// <summary>
/// Runs functions from a <see cref="ModuleStore"/>, each invocation in a fresh Wasmtime store and
/// instance: nothing survives from one invocation to the next, and a trap, a runaway loop or a memory
/// hog ends only its own invocation. Fresh instances from the pooling allocator cost ~4 µs, so
/// isolation per invocation is affordable (bench/Bunsan.Benchmarks/ExecutorBenchmarks.cs).
/// Thread-safe: invocations run concurrently on the callers' threads.
/// </summary>
/// <remarks>
/// No Linker: functions import nothing (the ABI is checked at load), so an empty linker would only add
/// a lookup per instantiation.
/// </remarks>
public sealed class FunctionExecutor(ModuleStore modules)
{
    /// <summary>Elements per table; function tables of real modules hold hundreds to a few thousand.</summary>
    private const int MaxTableElements = 10_000;

    private readonly ModuleStore _modules = modules ?? throw new ArgumentNullException(nameof(modules));

    public InvocationResult Invoke(ModuleDigest digest, ReadOnlySpan<byte> input, ExecutionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limits.MemoryBytes, _modules.Engine.Options.MemoryCeilingBytes, nameof(limits));
        if (input.Length > limits.MaxInputBytes)
        {
            return InvocationResult.Failed(InvocationStatus.InputTooLarge,
                $"input is {input.Length:N0} bytes, over the {limits.MaxInputBytes:N0}-byte limit");
        }
        CompiledModule? module = _modules.Find(digest);
        if (module is null)
        {
            return InvocationResult.Failed(InvocationStatus.ModuleNotFound, $"module {digest} is not on this site: add it to the site's module store first");
        }
        if (module.InitialMemoryBytes > limits.MemoryBytes)
        {
            return InvocationResult.Failed(InvocationStatus.MemoryLimitExceeded,
                $"module {digest} starts with {module.InitialMemoryBytes:N0} bytes of memory, over the invocation's {limits.MemoryBytes:N0}-byte limit");
        }
        SandboxEngine engine = _modules.Engine;
        if (!engine.TryTakeInstanceSlot())
        {
            return InvocationResult.Failed(InvocationStatus.Busy,
                $"all {engine.Options.MaxConcurrentInstances} instance slots are in use: retry later or on another site");
        }
        try
        {
            return Run(module, input, limits);
        }
        finally
        {
            engine.ReturnInstanceSlot();
        }
    }

    private InvocationResult Run(CompiledModule module, ReadOnlySpan<byte> input, ExecutionLimits limits)
    {
        using var store = new Store(_modules.Engine.Engine);
        // One instance with one memory and one table is all a conforming function needs.
        store.SetLimits(memorySize: limits.MemoryBytes, tableElements: MaxTableElements, instances: 1, tables: 1, memories: 1);
        store.Fuel = limits.Fuel;
        Memory? memory = null;
        try
        {
            var instance = new Instance(store, module.Module);
            memory = instance.GetMemory(FunctionAbi.Memory)!;
            Func<int, int> alloc = instance.GetFunction<int, int>(FunctionAbi.Alloc)!;
            Func<int, int, long> handle = instance.GetFunction<int, int, long>(FunctionAbi.Handle)!;

            uint inputAt = (uint)alloc(input.Length);
            if (!Fits(memory, inputAt, (uint)input.Length))
            {
                return AbiViolation(store, limits, $"alloc({input.Length}) returned {inputAt}, which does not fit in its {memory.GetLength():N0}-byte memory");
            }
            input.CopyTo(memory.GetSpan(inputAt, input.Length));

            ulong packed = (ulong)handle((int)inputAt, input.Length);
            uint outputAt = (uint)(packed >> 32);
            uint outputLength = (uint)packed;
            if (outputLength > limits.MaxOutputBytes)
            {
                return AbiViolation(store, limits, $"handle returned {outputLength:N0} output bytes, over the {limits.MaxOutputBytes:N0}-byte limit");
            }
            if (!Fits(memory, outputAt, outputLength))
            {
                return AbiViolation(store, limits, $"handle returned {outputLength:N0} bytes at {outputAt}, outside its {memory.GetLength():N0}-byte memory");
            }
            byte[] output = memory.GetSpan(outputAt, (int)outputLength).ToArray();
            return new InvocationResult(InvocationStatus.Ok, output, null, FuelUsed(store, limits));
        }
        catch (TrapException trap)
        {
            return Classify(trap, memory, store, limits);
        }
        catch (WasmtimeException e)
        {
            // Not a trap: instantiation itself was refused (a resource the sandbox does not grant).
            return InvocationResult.Failed(InvocationStatus.BadModule,
                $"module {module.Digest} could not be instantiated: {WasmtimeErrors.Cause(e)}", FuelUsed(store, limits));
        }
    }

    private static InvocationResult Classify(TrapException trap, Memory? memory, Store store, ExecutionLimits limits)
    {
        string cause = WasmtimeErrors.Cause(trap);
        ulong fuelUsed = FuelUsed(store, limits);
        if (trap.Type == TrapCode.OutOfFuel)
        {
            return InvocationResult.Failed(InvocationStatus.CpuLimitExceeded,
                $"used all {limits.Fuel:N0} fuel (instructions) without finishing: raise the function's CPU limit or fix a runaway loop", fuelUsed);
        }
        // A refused memory.grow returns -1 rather than trapping (the WebAssembly spec); allocators then
        // abort with `unreachable` or write past the end. Either trap with no page of room left is the limit's doing.
        if (trap.Type is TrapCode.Unreachable or TrapCode.MemoryOutOfBounds
            && memory is not null
            && memory.GetLength() + Memory.PageSize > limits.MemoryBytes)
        {
            return InvocationResult.Failed(InvocationStatus.MemoryLimitExceeded,
                $"trapped ({cause}) with its memory at {memory.GetLength():N0} bytes, the {limits.MemoryBytes:N0}-byte limit: a larger memory.grow was refused", fuelUsed);
        }
        return InvocationResult.Failed(InvocationStatus.Trap, $"trapped: {cause}", fuelUsed);
    }

    private static InvocationResult AbiViolation(Store store, ExecutionLimits limits, string error) =>
        InvocationResult.Failed(InvocationStatus.AbiViolation, error, FuelUsed(store, limits));

    /// <summary>Bounds check in 64 bits, so a hostile pointer plus length cannot wrap around.</summary>
    private static bool Fits(Memory memory, uint address, uint length) => (ulong)address + length <= (ulong)memory.GetLength();

    private static ulong FuelUsed(Store store, ExecutionLimits limits) => limits.Fuel - store.Fuel;
}
