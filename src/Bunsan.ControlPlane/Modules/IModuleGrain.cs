namespace Bunsan.ControlPlane.Modules;

/// <summary>
/// One uploaded WebAssembly module, keyed by its digest ("sha256:" + 64 lowercase hex digits). Content-addressed:
/// uploading the same bytes twice stores them once, and bytes that do not hash to the key are refused.
/// </summary>
[Alias("bunsan.IModuleGrain")]
public interface IModuleGrain : IGrainWithStringKey
{
    /// <summary>Stores the bytes (durable when it returns); false when they do not hash to this grain's digest.</summary>
    [Alias("store")]
    Task<bool> Store(byte[] content);

    /// <summary>The bytes, or null when never uploaded.</summary>
    [Alias("get")]
    Task<byte[]?> Content();
}
