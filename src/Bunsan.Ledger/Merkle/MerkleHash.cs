using System.Security.Cryptography;

namespace Bunsan.Ledger.Merkle;

/// <summary>
/// RFC 6962 / RFC 9162 §2.1.1 hashing: leaf = SHA-256(0x00 ‖ entry), node = SHA-256(0x01 ‖ left ‖ right),
/// empty tree = SHA-256(""). The prefixes keep a leaf from ever being passed off as an interior node.
/// </summary>
public static class MerkleHash
{
    /// <summary>Every hash in this ledger is SHA-256.</summary>
    public const int Size = 32;

    /// <summary>SHA-256 of the empty string: the root of a tree with no entries.</summary>
    public static ReadOnlySpan<byte> EmptyRoot =>
    [
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
    ];

    public static void Leaf(ReadOnlySpan<byte> entry, Span<byte> destination)
    {
        // Entries are small JSON documents: one stack copy beats two IncrementalHash calls and allocates nothing.
        if (entry.Length <= 1023)
        {
            Span<byte> buffer = stackalloc byte[entry.Length + 1];
            buffer[0] = 0x00;
            entry.CopyTo(buffer[1..]);
            SHA256.HashData(buffer, destination);
            return;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([0x00]);
        hash.AppendData(entry);
        hash.GetHashAndReset(destination);
    }

    public static byte[] Leaf(ReadOnlySpan<byte> entry)
    {
        byte[] hash = new byte[Size];
        Leaf(entry, hash);
        return hash;
    }

    /// <summary>
    /// Node hash. <paramref name="destination"/> may alias either input: both are copied before hashing.
    /// Inputs of any length are accepted (the RFC 6962 hasher KATs hash non-32-byte children).
    /// </summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length + right.Length > 1023)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData([0x01]);
            hash.AppendData(left);
            hash.AppendData(right);
            hash.GetHashAndReset(destination);
            return;
        }
        Span<byte> buffer = stackalloc byte[1 + left.Length + right.Length];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + left.Length)..]);
        SHA256.HashData(buffer, destination);
    }
}
