using System.Collections.Concurrent;
using Wasmtime;

namespace Bunsan.Executor;

/// <summary>
/// A site's content-addressed module cache. Each module is kept on disk twice under its digest:
/// <c>{hex}.wasm</c> (the bytes, the source of truth) and <c>{hex}.cwasm</c> (Wasmtime's precompiled
/// machine code). A module is compiled once per site: a restarted agent loads the artefact
/// (milliseconds) instead of recompiling, and falls back to the bytes when the artefact is missing or
/// was made by another Wasmtime version or engine configuration.
/// </summary>
/// <remarks>
/// Precompiled artefacts are native code that Wasmtime trusts as-is, so the directory must be
/// writable only by the agent; the .wasm bytes are re-hashed before any recompilation.
/// Lookups are lock-free; loads and adds take one lock so each module is compiled at most once.
/// </remarks>
public sealed class ModuleStore : IDisposable
{
    /// <summary>16 MiB: an order of magnitude above typical edge functions (tens to hundreds of KiB).</summary>
    public const long DefaultMaxModuleBytes = 16L << 20;

    private readonly ConcurrentDictionary<ModuleDigest, CompiledModule> _modules = new();
    private readonly Lock _loadLock = new();
    private readonly string _directory;
    private int _compilations;
    private int _artefactLoads;

    public ModuleStore(SandboxEngine engine, string directory, long maxModuleBytes = DefaultMaxModuleBytes)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxModuleBytes, 8);
        Engine = engine;
        MaxModuleBytes = maxModuleBytes;
        _directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(_directory);
    }

    public SandboxEngine Engine { get; }

    public long MaxModuleBytes { get; }

    /// <summary>Modules this instance compiled from WebAssembly bytes (the expensive path).</summary>
    public int Compilations => Volatile.Read(ref _compilations);

    /// <summary>Modules this instance loaded from a precompiled artefact on disk.</summary>
    public int ArtefactLoads => Volatile.Read(ref _artefactLoads);

    /// <summary>
    /// Validates, compiles and stores a module. Refuses, with the reason: modules over
    /// <see cref="MaxModuleBytes"/>, bytes that do not hash to <paramref name="expected"/>, bytes that are
    /// not valid WebAssembly, and modules that break the ABI (FunctionAbi).
    /// </summary>
    public ModuleLoadResult Add(ReadOnlySpan<byte> wasm, ModuleDigest? expected = null)
    {
        if (wasm.Length > MaxModuleBytes)
        {
            return new(null, $"module is {wasm.Length:N0} bytes, over this site's {MaxModuleBytes:N0}-byte limit: shrink it (wasm-opt -Oz, strip debug sections)");
        }
        var digest = ModuleDigest.Compute(wasm);
        if (expected is { } wanted && wanted != digest)
        {
            return new(digest, $"module bytes hash to {digest}, not the expected {wanted}: the upload is corrupt or the digest names another module");
        }
        lock (_loadLock)
        {
            if (_modules.ContainsKey(digest) || LoadFromDisk(digest) is not null)
            {
                return new(digest, null);
            }
            string? error = Compile(digest, wasm, out CompiledModule? compiled);
            if (compiled is null)
            {
                return new(digest, error);
            }
            WriteAtomically(PathOf(digest, ".wasm"), wasm);
            WriteAtomically(PathOf(digest, ".cwasm"), compiled.Module.Serialize());
            _modules[digest] = compiled;
            return new(digest, null);
        }
    }

    /// <summary>Converts WebAssembly text (WAT) to bytes and adds them: how the examples are hosted.</summary>
    public ModuleLoadResult AddText(string wat)
    {
        byte[] wasm;
        try
        {
            wasm = Module.ConvertText(wat);
        }
        catch (WasmtimeException e)
        {
            return new(null, $"is not valid WebAssembly text: {WasmtimeErrors.Cause(e)}");
        }
        return Add(wasm);
    }

    /// <summary>Whether the module is held here (in memory or on disk).</summary>
    public bool Contains(ModuleDigest digest) => Find(digest) is not null;

    /// <summary>The compiled module, loading it from disk on first use; null when this site lacks it.</summary>
    internal CompiledModule? Find(ModuleDigest digest)
    {
        if (_modules.TryGetValue(digest, out CompiledModule? module))
        {
            return module;
        }
        lock (_loadLock)
        {
            return _modules.TryGetValue(digest, out module) ? module : LoadFromDisk(digest);
        }
    }

    public void Dispose()
    {
        foreach (CompiledModule module in _modules.Values)
        {
            module.Dispose();
        }
        _modules.Clear();
    }

    /// <summary>Called under the load lock.</summary>
    private CompiledModule? LoadFromDisk(ModuleDigest digest)
    {
        CompiledModule? module = LoadArtefact(digest) ?? RecompileFromBytes(digest);
        if (module is not null)
        {
            _modules[digest] = module;
        }
        return module;
    }

    private CompiledModule? LoadArtefact(ModuleDigest digest)
    {
        string path = PathOf(digest, ".cwasm");
        if (!File.Exists(path))
        {
            return null;
        }
        Module module;
        try
        {
            module = Module.DeserializeFile(Engine.Engine, digest.Hex, path);
        }
        catch (WasmtimeException)
        {
            // Made by another Wasmtime version or engine configuration: recompile from the bytes.
            return null;
        }
        if (FunctionAbi.Check(module) is not null)
        {
            module.Dispose();
            return null;
        }
        Interlocked.Increment(ref _artefactLoads);
        return new CompiledModule(digest, module);
    }

    private CompiledModule? RecompileFromBytes(ModuleDigest digest)
    {
        string path = PathOf(digest, ".wasm");
        if (!File.Exists(path))
        {
            return null;
        }
        byte[] wasm = File.ReadAllBytes(path);
        // A file that no longer hashes to its name is damaged: the site does not have that module.
        if (ModuleDigest.Compute(wasm) != digest || Compile(digest, wasm, out CompiledModule? compiled) is not null)
        {
            return null;
        }
        WriteAtomically(PathOf(digest, ".cwasm"), compiled!.Module.Serialize());
        return compiled;
    }

    /// <summary>Compiles and checks the ABI; returns the refusal reason, or null with <paramref name="compiled"/> set.</summary>
    private string? Compile(ModuleDigest digest, ReadOnlySpan<byte> wasm, out CompiledModule? compiled)
    {
        compiled = null;
        Module module;
        try
        {
            module = Module.FromBytes(Engine.Engine, digest.Hex, wasm);
        }
        catch (WasmtimeException e)
        {
            return $"module {digest} is not valid WebAssembly: {WasmtimeErrors.Cause(e)}";
        }
        Interlocked.Increment(ref _compilations);
        string? abiError = FunctionAbi.Check(module);
        if (abiError is not null)
        {
            module.Dispose();
            return $"module {digest} {abiError}";
        }
        compiled = new CompiledModule(digest, module);
        return null;
    }

    private string PathOf(ModuleDigest digest, string extension) => Path.Combine(_directory, digest.Hex + extension);

    /// <summary>Write then rename, so a concurrent reader (or a crash) never sees half a file.</summary>
    private static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        string temporary = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            file.Write(bytes);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
