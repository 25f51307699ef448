using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Bunsan.Ledger.Notes;

/// <summary>C2SP signed-note signature types and key IDs.</summary>
public static class NoteKeyId
{
    /// <summary>Ed25519 note signature.</summary>
    public const byte Ed25519 = 0x01;

    /// <summary>Timestamped Ed25519 witness cosignature (c2sp.org/tlog-cosignature).</summary>
    public const byte CosignatureV1 = 0x04;

    /// <summary>Key ID = first 4 bytes (big-endian) of SHA-256(name ‖ 0x0A ‖ type ‖ public key).</summary>
    public static uint Compute(string name, byte signatureType, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] input = new byte[Encoding.UTF8.GetByteCount(name) + 2 + publicKey.Length];
        int at = Encoding.UTF8.GetBytes(name, input);
        input[at++] = 0x0A;
        input[at++] = signatureType;
        publicKey.CopyTo(input.AsSpan(at));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>A key name: non-empty, no Unicode white space, no '+' (the vkey separator).</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && !name.Contains('+', StringComparison.Ordinal) && !name.Any(char.IsWhiteSpace) && !Utf16.HasLoneSurrogate(name);
}
