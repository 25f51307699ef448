namespace Bunsan.Ledger.Merkle;

/// <summary>
/// An in-memory, append-only RFC 6962 tree that keeps every complete-subtree hash, level by level: 2n − 1 hashes
/// for n leaves, i.e. 64 bytes per entry (≈ 61 MiB per million entries). That buys O(log n) proofs with no I/O:
/// a proof over 10 million leaves reads ≤ 24 stored hashes and computes ≤ 24 more.
/// Not thread-safe: <see cref="Store.LedgerStore"/> holds a lock around every use. Appends never change an
/// existing node, so a proof for an already published size stays valid while the tree grows.
/// </summary>
public sealed class MerkleTree : IMerkleHashSource
{
    // 2^15 hashes = 1 MiB per chunk: no large-object-heap copies as the log grows, and no 2 GiB array limit.
    private const int ChunkShift = 15;
    private const ulong ChunkMask = (1UL << ChunkShift) - 1;
    private const int ChunkBytes = (1 << ChunkShift) * MerkleHash.Size;

    private readonly List<List<byte[]>> _levels = [];
    private ulong _size;

    public ulong Size => _size;

    public ReadOnlySpan<byte> Node(int level, ulong index)
    {
        if (level < 0 || level >= _levels.Count || index >= (_size >> level))
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"no complete subtree ({level}, {index}) in a tree of {_size} leaves");
        }
        return Slot(level, index);
    }

    /// <summary>Appends one leaf hash and every complete subtree it completes (amortised one node hash per leaf).</summary>
    public void AppendLeafHash(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"a leaf hash is {MerkleHash.Size} bytes, not {leafHash.Length}", nameof(leafHash));
        }
        ulong index = _size;
        leafHash.CopyTo(WritableSlot(0, index));
        int level = 0;
        while ((index & 1) == 1)
        {
            Span<byte> parent = WritableSlot(level + 1, index >> 1);
            MerkleHash.Node(Slot(level, index - 1), Slot(level, index), parent);
            index >>= 1;
            level++;
        }
        _size++;
    }

    /// <summary>Appends the leaf hash of <paramref name="entry"/>.</summary>
    public void AppendEntry(ReadOnlySpan<byte> entry)
    {
        Span<byte> leaf = stackalloc byte[MerkleHash.Size];
        MerkleHash.Leaf(entry, leaf);
        AppendLeafHash(leaf);
    }

    /// <summary>
    /// Forgets leaves past <paramref name="size"/>: the store's way back when a batch's transaction fails to commit.
    /// Nodes of the kept prefix are untouched, so they stay valid.
    /// </summary>
    public void Truncate(ulong size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, _size);
        _size = size;
    }

    /// <summary>The RFC 6962 root of the first <paramref name="size"/> leaves.</summary>
    public void Root(ulong size, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, _size);
        MerkleProofs.SubtreeHash(this, 0, size, destination);
    }

    public byte[] Root(ulong size)
    {
        byte[] root = new byte[MerkleHash.Size];
        Root(size, root);
        return root;
    }

    private ReadOnlySpan<byte> Slot(int level, ulong index) =>
        _levels[level][(int)(index >> ChunkShift)].AsSpan((int)(index & ChunkMask) * MerkleHash.Size, MerkleHash.Size);

    private Span<byte> WritableSlot(int level, ulong index)
    {
        while (_levels.Count <= level)
        {
            _levels.Add([]);
        }
        List<byte[]> chunks = _levels[level];
        int chunk = (int)(index >> ChunkShift);
        while (chunks.Count <= chunk)
        {
            chunks.Add(new byte[ChunkBytes]);
        }
        return chunks[chunk].AsSpan((int)(index & ChunkMask) * MerkleHash.Size, MerkleHash.Size);
    }
}
