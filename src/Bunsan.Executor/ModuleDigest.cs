using System.Buffers;
using System.Security.Cryptography;

namespace Bunsan.Executor;

/// <summary>
/// A module's identity: the SHA-256 of its WebAssembly bytes, written "sha256:" + 64 lowercase hex
/// digits as in a function's <c>module_digest</c> (the output of <c>sha256sum module.wasm</c>).
/// Only hex digits follow the prefix, so <see cref="Hex"/> is safe as a file name.
/// </summary>
public readonly record struct ModuleDigest
{
    private const string Prefix = "sha256:";
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private ModuleDigest(string hex) => Hex = hex;

    /// <summary>The 64 lowercase hex digits, without the prefix.</summary>
    public string Hex { get; }

    public static ModuleDigest Compute(ReadOnlySpan<byte> module)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(module, hash);
        return new ModuleDigest(Convert.ToHexStringLower(hash));
    }

    /// <summary>Parses "sha256:" + 64 lowercase hex digits; null when <paramref name="text"/> is anything else.</summary>
    public static ModuleDigest? TryParse(string? text)
    {
        bool valid = text is not null
            && text.Length == Prefix.Length + 64
            && text.StartsWith(Prefix, StringComparison.Ordinal)
            && !text.AsSpan(Prefix.Length).ContainsAnyExcept(LowerHex);
        return valid ? new ModuleDigest(text![Prefix.Length..]) : null;
    }

    public override string ToString() => Prefix + Hex;
}
