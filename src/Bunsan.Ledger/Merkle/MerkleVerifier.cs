using System.Numerics;
using System.Security.Cryptography;

namespace Bunsan.Ledger.Merkle;

/// <summary>
/// RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) verification, for any RFC 6962 log.
/// Proofs are flat spans of 32-byte hashes, so verifying allocates nothing.
/// Policy beyond the RFC text (see README.md "Verifier policy"): every hash must be exactly 32 bytes;
/// a consistency proof from size 0 is an error; equal sizes need an empty proof and byte-equal roots.
/// </summary>
public static partial class MerkleVerifier
{
    /// <summary>No valid proof for a tree of at most 2^64 − 1 leaves is longer than this (consistency: 64 + 1).</summary>
    public const int MaxProofHashes = 65;

    public static ProofResult VerifyInclusion(ulong index, ulong size, ReadOnlySpan<byte> leafHash, ReadOnlySpan<byte> proof, ReadOnlySpan<byte> root)
    {
        if (index >= size)
        {
            return ProofResult.Fail($"leaf index {index} is not below tree size {size}");
        }
        if (CheckShapes(leafHash, "leaf hash", root, "root", proof) is { } shapeError)
        {
            return ProofResult.Fail(shapeError);
        }
        ulong fn = index;
        ulong sn = size - 1;
        Span<byte> r = stackalloc byte[MerkleHash.Size];
        leafHash.CopyTo(r);
        for (int offset = 0; offset < proof.Length; offset += MerkleHash.Size)
        {
            ReadOnlySpan<byte> p = proof.Slice(offset, MerkleHash.Size);
            if (sn == 0)
            {
                return ProofResult.Fail($"inclusion proof is too long: {proof.Length / MerkleHash.Size} hashes for leaf {index} of {size}");
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, r, r);
                if ((fn & 1) == 0 && fn != 0)
                {
                    // "Right-shift until bit 0 of fn is set or fn is 0" is one shift by its trailing zeros.
                    int shift = BitOperations.TrailingZeroCount(fn);
                    fn >>= shift;
                    sn >>= shift;
                }
            }
            else
            {
                MerkleHash.Node(r, p, r);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
        {
            return ProofResult.Fail($"inclusion proof is too short: {proof.Length / MerkleHash.Size} hashes for leaf {index} of {size}");
        }
        return CryptographicOperations.FixedTimeEquals(r, root)
            ? ProofResult.Ok
            : ProofResult.Fail($"computed root {Convert.ToHexStringLower(r)} does not match the given root");
    }

    public static ProofResult VerifyConsistency(ulong size1, ulong size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, ReadOnlySpan<byte> proof)
    {
        if (size1 > size2)
        {
            return ProofResult.Fail($"size1 {size1} is greater than size2 {size2}: a log never shrinks");
        }
        if (size1 == 0)
        {
            // Policy 1: every tree extends the empty tree, so such a "proof" proves nothing; a client
            // with no earlier checkpoint trusts its first one on first use instead (transparency-dev/merkle #236).
            return ProofResult.Fail("a consistency proof from the empty tree (size1 = 0) is meaningless");
        }
        if (CheckShapes(root1, "root1", root2, "root2", proof) is { } shapeError)
        {
            return ProofResult.Fail(shapeError);
        }
        if (size1 == size2)
        {
            if (!proof.IsEmpty)
            {
                return ProofResult.Fail("sizes are equal, so the proof must be empty");
            }
            return CryptographicOperations.FixedTimeEquals(root1, root2)
                ? ProofResult.Ok
                : ProofResult.Fail("sizes are equal but the roots differ: the log was forked");
        }
        if (proof.IsEmpty)
        {
            return ProofResult.Fail("the proof is empty but size1 < size2");
        }

        // §2.1.4.2 step 2: when size1 is a power of two its root is itself the first path element.
        bool prependRoot1 = BitOperations.IsPow2(size1);
        int count = (proof.Length / MerkleHash.Size) + (prependRoot1 ? 1 : 0);
        ulong fn = size1 - 1;
        ulong sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        Span<byte> fr = stackalloc byte[MerkleHash.Size];
        Span<byte> sr = stackalloc byte[MerkleHash.Size];
        (prependRoot1 ? root1 : proof[..MerkleHash.Size]).CopyTo(fr);
        fr.CopyTo(sr);
        for (int i = 1; i < count; i++)
        {
            int offset = (i - (prependRoot1 ? 1 : 0)) * MerkleHash.Size;
            ReadOnlySpan<byte> c = proof.Slice(offset, MerkleHash.Size);
            if (sn == 0)
            {
                return ProofResult.Fail($"consistency proof is too long for sizes {size1} → {size2}");
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(c, fr, fr);
                MerkleHash.Node(c, sr, sr);
                if ((fn & 1) == 0 && fn != 0)
                {
                    int shift = BitOperations.TrailingZeroCount(fn);
                    fn >>= shift;
                    sn >>= shift;
                }
            }
            else
            {
                MerkleHash.Node(sr, c, sr);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0)
        {
            return ProofResult.Fail($"consistency proof is too short for sizes {size1} → {size2}");
        }
        if (!CryptographicOperations.FixedTimeEquals(fr, root1))
        {
            return ProofResult.Fail("the proof does not reproduce root1: it is not a proof for this older tree");
        }
        return CryptographicOperations.FixedTimeEquals(sr, root2)
            ? ProofResult.Ok
            : ProofResult.Fail("the proof does not reproduce root2: the newer tree does not extend the older one");
    }

    private static string? CheckShapes(ReadOnlySpan<byte> first, string firstName, ReadOnlySpan<byte> second, string secondName, ReadOnlySpan<byte> proof)
    {
        if (first.Length != MerkleHash.Size)
        {
            return $"{firstName} is {first.Length} bytes; a SHA-256 hash is {MerkleHash.Size}";
        }
        if (second.Length != MerkleHash.Size)
        {
            return $"{secondName} is {second.Length} bytes; a SHA-256 hash is {MerkleHash.Size}";
        }
        if (proof.Length % MerkleHash.Size != 0)
        {
            return $"proof is {proof.Length} bytes, not a whole number of {MerkleHash.Size}-byte hashes";
        }
        if (proof.Length / MerkleHash.Size > MaxProofHashes)
        {
            return $"proof has {proof.Length / MerkleHash.Size} hashes; no valid proof has more than {MaxProofHashes}";
        }
        return null;
    }
}
