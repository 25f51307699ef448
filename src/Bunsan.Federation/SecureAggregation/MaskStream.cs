using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Bunsan.Federation.SecureAggregation;

/// <summary>
/// Expands a 32-byte pair key into a vector's worth of uint64 masks: AES-256 in counter mode, as one ECB call over
/// precomputed counter blocks, so AES-NI pipelines independent blocks (measured: 2,450 × 80 KB, one query's worth
/// at 50 parties, in 24 ms on one core). Block b is 8 zero bytes then b big-endian; each key masks one vector only,
/// so a fixed nonce is safe. Masks are read little-endian on every platform, so sites on different hardware agree.
/// Both buffers are pooled: a site masks once per query, and the buffers are as large as the vector.
/// </summary>
internal sealed class MaskStream : IDisposable
{
    private const int BlockBytes = 16;
    private readonly Aes _aes = Aes.Create();
    private readonly byte[] _counters;
    private readonly ulong[] _masks;
    private readonly int _blockBytes;
    private readonly int _length;

    public MaskStream(int length)
    {
        _length = length;
        int blocks = (length + 1) / 2; // one AES block is two uint64 masks
        _blockBytes = blocks * BlockBytes;
        _counters = ArrayPool<byte>.Shared.Rent(_blockBytes);
        _masks = ArrayPool<ulong>.Shared.Rent(blocks * 2);
        Span<byte> counters = _counters.AsSpan(0, _blockBytes);
        counters.Clear();
        for (int b = 0; b < blocks; b++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(counters.Slice((b * BlockBytes) + 8, 8), (ulong)b);
        }
    }

    /// <summary>The masks for <paramref name="pairKey"/>; valid until the next call.</summary>
    public ReadOnlySpan<ulong> Expand(ReadOnlySpan<byte> pairKey)
    {
        Span<ulong> masks = _masks.AsSpan(0, _blockBytes / sizeof(ulong));
        _aes.SetKey(pairKey);
        _aes.EncryptEcb(_counters.AsSpan(0, _blockBytes), MemoryMarshal.AsBytes(masks), PaddingMode.None);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(masks, masks);
        }
        return masks[.._length];
    }

    public void Dispose()
    {
        // The masks are as secret as the pair keys (they unmask this party's vector): wiped before the pool reuses them.
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_masks.AsSpan()));
        ArrayPool<ulong>.Shared.Return(_masks);
        ArrayPool<byte>.Shared.Return(_counters);
        _aes.Dispose();
    }
}
