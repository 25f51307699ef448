using System.Numerics;

namespace Bunsan.Ledger.Merkle;

/// <summary>
/// RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (PROOF/SUBPROOF) over any <see cref="IMerkleHashSource"/>, without
/// recursion or allocation: the ranges the RFC recursion visits are found top-down, then their hashes are written
/// bottom-up, which is the order the RFC emits them in. Each range costs at most one hash per set bit of its size.
/// </summary>
public static class MerkleProofs
{
    /// <summary>Bytes a caller must provide for any proof (at most 65 hashes).</summary>
    public const int MaxProofBytes = MerkleVerifier.MaxProofHashes * MerkleHash.Size;

    public static byte[][] Inclusion(IMerkleHashSource source, ulong index, ulong size)
    {
        Span<byte> buffer = stackalloc byte[MaxProofBytes];
        return Split(buffer[..WriteInclusion(source, index, size, buffer)]);
    }

    public static byte[][] Consistency(IMerkleHashSource source, ulong size1, ulong size2)
    {
        Span<byte> buffer = stackalloc byte[MaxProofBytes];
        return Split(buffer[..WriteConsistency(source, size1, size2, buffer)]);
    }

    /// <summary>Writes the inclusion proof of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves; returns its length in bytes.</summary>
    public static int WriteInclusion(IMerkleHashSource source, ulong index, ulong size, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckSize(source, size, nameof(size));
        if (index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"leaf index must be below the tree size {size}");
        }
        Span<Range64> ranges = stackalloc Range64[MerkleVerifier.MaxProofHashes];
        int count = 0;
        ulong start = 0, n = size, m = index;
        while (n > 1)
        {
            ulong k = SplitPoint(n);
            if (m < k)
            {
                ranges[count++] = new Range64(start + k, start + n);
                n = k;
            }
            else
            {
                ranges[count++] = new Range64(start, start + k);
                start += k;
                m -= k;
                n -= k;
            }
        }
        return WriteReversed(source, ranges[..count], destination);
    }

    /// <summary>Writes the consistency proof between the trees of sizes 0 &lt; size1 ≤ size2; returns its length in bytes.</summary>
    public static int WriteConsistency(IMerkleHashSource source, ulong size1, ulong size2, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckSize(source, size2, nameof(size2));
        if (size1 == 0 || size1 > size2)
        {
            throw new ArgumentOutOfRangeException(nameof(size1), size1, $"size1 must be in 1..{size2} (size2): a proof from the empty tree proves nothing");
        }
        Span<Range64> ranges = stackalloc Range64[MerkleVerifier.MaxProofHashes];
        int count = 0;
        ulong start = 0, n = size2, m = size1;
        bool wholeOldTree = true;
        while (m != n)
        {
            ulong k = SplitPoint(n);
            if (m <= k)
            {
                ranges[count++] = new Range64(start + k, start + n);
                n = k;
            }
            else
            {
                ranges[count++] = new Range64(start, start + k);
                start += k;
                m -= k;
                n -= k;
                wholeOldTree = false;
            }
        }
        if (!wholeOldTree)
        {
            // The old tree is not one complete subtree of the new one, so the verifier needs this subtree's hash too.
            ranges[count++] = new Range64(start, start + n);
        }
        return WriteReversed(source, ranges[..count], destination);
    }

    /// <summary>MTH of leaves [start, end) for a range the RFC recursion visits: complete subtrees of descending size.</summary>
    public static void SubtreeHash(IMerkleHashSource source, ulong start, ulong end, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (start == end)
        {
            MerkleHash.EmptyRoot.CopyTo(destination);
            return;
        }
        // Fold right to left: the smallest complete subtree is the rightmost; each larger one is prefixed as a left child.
        bool first = true;
        for (ulong rest = end - start; rest != 0; rest &= rest - 1)
        {
            int level = BitOperations.TrailingZeroCount(rest);
            ulong pieceStart = start + (rest & (rest - 1));
            if ((pieceStart & ((1UL << level) - 1)) != 0)
            {
                throw new InvalidOperationException($"leaves [{start}, {end}) are not a range of the RFC 6962 recursion");
            }
            ReadOnlySpan<byte> piece = source.Node(level, pieceStart >> level);
            if (first)
            {
                piece.CopyTo(destination);
                first = false;
            }
            else
            {
                MerkleHash.Node(piece, destination, destination);
            }
        }
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n ≥ 2): where RFC 6962 splits a tree.</summary>
    private static ulong SplitPoint(ulong n) => 1UL << (63 - BitOperations.LeadingZeroCount(n - 1));

    private static int WriteReversed(IMerkleHashSource source, ReadOnlySpan<Range64> ranges, Span<byte> destination)
    {
        int length = ranges.Length * MerkleHash.Size;
        if (destination.Length < length)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes; the proof needs {length}", nameof(destination));
        }
        for (int i = 0; i < ranges.Length; i++)
        {
            Range64 range = ranges[ranges.Length - 1 - i];
            SubtreeHash(source, range.Start, range.End, destination.Slice(i * MerkleHash.Size, MerkleHash.Size));
        }
        return length;
    }

    private static void CheckSize(IMerkleHashSource source, ulong size, string name)
    {
        if (size > source.Size)
        {
            throw new ArgumentOutOfRangeException(name, size, $"the log has only {source.Size} entries");
        }
    }

    private static byte[][] Split(ReadOnlySpan<byte> flat)
    {
        var hashes = new byte[flat.Length / MerkleHash.Size][];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = flat.Slice(i * MerkleHash.Size, MerkleHash.Size).ToArray();
        }
        return hashes;
    }

    private readonly record struct Range64(ulong Start, ulong End);
}
