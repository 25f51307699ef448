namespace Bunsan.Ledger.Merkle;

/// <summary>
/// Where proofs come from: the hashes of the complete (perfect) subtrees of a log. Node (level, index) covers
/// leaves [index·2^level, (index+1)·2^level); level 0 holds the leaf hashes. Every RFC 6962 proof and root is
/// built from these alone, so a source never stores the ephemeral right-border nodes that change on append.
/// </summary>
public interface IMerkleHashSource
{
    /// <summary>Number of leaves.</summary>
    ulong Size { get; }

    /// <summary>The hash of one complete subtree that lies wholly below <see cref="Size"/>.</summary>
    ReadOnlySpan<byte> Node(int level, ulong index);
}
