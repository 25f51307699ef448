using Wasmtime;

namespace Bunsan.Executor;

/// <summary>A module that passed the ABI check, compiled for the site's engine, shared by all invocations.</summary>
internal sealed class CompiledModule(ModuleDigest digest, Module module) : IDisposable
{
    public ModuleDigest Digest { get; } = digest;

    public Module Module { get; } = module;

    /// <summary>Instantiation needs at least this much memory, so a smaller limit fails before any work.</summary>
    public long InitialMemoryBytes { get; } = FunctionAbi.InitialMemoryBytes(module);

    public void Dispose() => Module.Dispose();
}
