namespace Bunsan.Executor;

/// <summary>The outcome of adding a module to a <see cref="ModuleStore"/>: its digest, or why it was refused.</summary>
/// <param name="Digest">The SHA-256 of the bytes offered; set even when refused, except for oversized modules and invalid text.</param>
/// <param name="Error">Null when the module is stored; otherwise the problem and its fix.</param>
public readonly record struct ModuleLoadResult(ModuleDigest? Digest, string? Error)
{
    public bool Succeeded => Error is null;
}
