using Wasmtime;

namespace Bunsan.Executor;

/// <summary>
/// The function ABI (README.md): a module imports nothing and exports <c>memory</c>,
/// <c>alloc(len: i32) -> i32</c> and <c>handle(ptr: i32, len: i32) -> i64</c>. Checked once when a
/// module is loaded, so a non-conforming module is refused before any invocation.
/// </summary>
internal static class FunctionAbi
{
    public const string Memory = "memory";
    public const string Alloc = "alloc";
    public const string Handle = "handle";

    /// <summary>The first way <paramref name="module"/> breaks the ABI, or null when it conforms.</summary>
    public static string? Check(Module module)
    {
        if (module.Imports.Count > 0)
        {
            Import first = module.Imports[0];
            return $"imports {first.ModuleName}.{first.Name}: functions may import nothing (no WASI, no host calls), so the sandbox offers no files, network or clock";
        }
        bool hasMemory = false;
        bool hasAlloc = false;
        bool hasHandle = false;
        foreach (Export export in module.Exports)
        {
            switch (export)
            {
                case MemoryExport memory when export.Name == Memory:
                    if (memory.Is64Bit)
                    {
                        return "exports a 64-bit `memory`: the ABI passes 32-bit pointers, so export a 32-bit memory";
                    }
                    hasMemory = true;
                    break;
                case FunctionExport function when export.Name == Alloc:
                    if (!HasSignature(function, [ValueKind.Int32], [ValueKind.Int32]))
                    {
                        return $"exports `alloc` as {Describe(function)}: the ABI needs alloc(len: i32) -> i32";
                    }
                    hasAlloc = true;
                    break;
                case FunctionExport function when export.Name == Handle:
                    if (!HasSignature(function, [ValueKind.Int32, ValueKind.Int32], [ValueKind.Int64]))
                    {
                        return $"exports `handle` as {Describe(function)}: the ABI needs handle(ptr: i32, len: i32) -> i64";
                    }
                    hasHandle = true;
                    break;
            }
        }
        return !hasMemory ? "exports no memory named `memory`: the host copies input and output through it"
            : !hasAlloc ? "exports no `alloc` function: the ABI needs alloc(len: i32) -> i32 to place the input"
            : !hasHandle ? "exports no `handle` function: the ABI needs handle(ptr: i32, len: i32) -> i64"
            : null;
    }

    /// <summary>The declared initial size of the exported memory, in bytes (the module conforms).</summary>
    public static long InitialMemoryBytes(Module module) =>
        module.Exports.OfType<MemoryExport>().First(m => m.Name == Memory).Minimum * Wasmtime.Memory.PageSize;

    private static bool HasSignature(FunctionExport function, ValueKind[] parameters, ValueKind[] results) =>
        function.Parameters.SequenceEqual(parameters) && function.Results.SequenceEqual(results);

    private static string Describe(FunctionExport function) =>
        $"({string.Join(", ", function.Parameters)}) -> ({string.Join(", ", function.Results)})";
}
