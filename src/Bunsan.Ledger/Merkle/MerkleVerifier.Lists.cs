namespace Bunsan.Ledger.Merkle;

/// <summary>
/// Overloads for proofs as lists of hashes (the shape JSON and the CLI carry): each element must be exactly
/// 32 bytes, so a 31-byte and a 33-byte element cannot cancel out once concatenated.
/// </summary>
public static partial class MerkleVerifier
{
    public static ProofResult VerifyInclusion(ulong index, ulong size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        Span<byte> flat = stackalloc byte[MaxProofHashes * MerkleHash.Size];
        return Flatten(proof, flat, out int length) is { } error
            ? ProofResult.Fail(error)
            : VerifyInclusion(index, size, leafHash, flat[..length], root);
    }

    public static ProofResult VerifyConsistency(ulong size1, ulong size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        Span<byte> flat = stackalloc byte[MaxProofHashes * MerkleHash.Size];
        return Flatten(proof, flat, out int length) is { } error
            ? ProofResult.Fail(error)
            : VerifyConsistency(size1, size2, root1, root2, flat[..length]);
    }

    private static string? Flatten(IReadOnlyList<byte[]> proof, Span<byte> flat, out int length)
    {
        length = 0;
        if (proof.Count > MaxProofHashes)
        {
            return $"proof has {proof.Count} hashes; no valid proof has more than {MaxProofHashes}";
        }
        for (int i = 0; i < proof.Count; i++)
        {
            if (proof[i] is not { Length: MerkleHash.Size } element)
            {
                return $"proof hash {i} is {proof[i]?.Length ?? 0} bytes; a SHA-256 hash is {MerkleHash.Size}";
            }
            element.CopyTo(flat[length..]);
            length += MerkleHash.Size;
        }
        return null;
    }
}
