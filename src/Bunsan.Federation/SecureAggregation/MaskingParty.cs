using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Bunsan.Federation.SecureAggregation;

/// <summary>
/// One site's part in one query's secure aggregation (Bonawitz et al. 2017, pairwise masks, no dropout recovery).
/// The site creates a fresh X25519 key pair for the query, publishes <see cref="PublicKey"/> through the coordinator,
/// and, once it has every party's key, masks its partial aggregates once. For each other party j both sides derive
/// the same pair mask; the lower index adds it and the higher subtracts it, so all masks cancel in the sum of all
/// parties' vectors and only the sum is revealed. See README.md for the threat model.
/// </summary>
public sealed class MaskingParty : IDisposable
{
    private const int KeyBytes = 32;
    private static readonly KeyAgreementAlgorithm X25519 = KeyAgreementAlgorithm.X25519;
    private static readonly KeyDerivationAlgorithm Hkdf = KeyDerivationAlgorithm.HkdfSha256;

    // HKDF salt: separates these keys from any other use of an X25519 secret; the version changes with the derivation.
    private static ReadOnlySpan<byte> Salt => "bunsan/secure-aggregation/v1"u8;

    private readonly Key _key;
    private readonly byte[] _publicKey;
    private readonly byte[] _queryId;
    private bool _masked;
    private bool _disposed;

    private MaskingParty(string queryId, int index, Key key)
    {
        QueryId = queryId;
        Index = index;
        _key = key;
        _publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        _queryId = Encoding.UTF8.GetBytes(queryId);
    }

    public string QueryId { get; }

    /// <summary>This party's position in the query's list of parties (and of public keys).</summary>
    public int Index { get; }

    /// <summary>The 32-byte raw X25519 public key, to publish to the other parties through the coordinator.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>A party with a fresh ephemeral key pair; its private key cannot be exported and dies with the party.</summary>
    public static MaskingParty Create(string queryId, int index)
    {
        ArgumentException.ThrowIfNullOrEmpty(queryId);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new MaskingParty(queryId, index, Key.Create(X25519));
    }

    /// <summary>
    /// Masks <paramref name="values"/> against every other party's key. <paramref name="publicKeys"/> holds all
    /// parties' keys by index, this party's own included. Checks every key before deriving any mask, so a refusal
    /// reveals nothing; succeeds at most once per party.
    /// </summary>
    public MaskResult Mask(ReadOnlySpan<long> values, IReadOnlyList<ReadOnlyMemory<byte>> publicKeys)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(publicKeys);
        if (_masked)
        {
            return MaskResult.Refused(MaskError.AlreadyMasked,
                $"party {Index} of query '{QueryId}' already masked a vector: create a new party (new key) for another vector");
        }
        MaskResult? refusal = Check(publicKeys);
        if (refusal is not null)
        {
            return refusal;
        }
        byte[] pairKeys = new byte[publicKeys.Count * KeyBytes];
        try
        {
            for (int j = 0; j < publicKeys.Count; j++)
            {
                if (j != Index && !TryDerivePairKey(j, publicKeys, values.Length, pairKeys.AsSpan(j * KeyBytes, KeyBytes)))
                {
                    return MaskResult.Refused(MaskError.LowOrderKey,
                        $"public key {j} is all-zero or of low order (X25519 refused it): party {j} must send a freshly generated key");
                }
            }
            _masked = true;
            return MaskResult.Ok(Apply(values, publicKeys.Count, pairKeys));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pairKeys);
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _key.Dispose();
        }
    }

    private MaskResult? Check(IReadOnlyList<ReadOnlyMemory<byte>> publicKeys)
    {
        if (publicKeys.Count < 2)
        {
            return MaskResult.Refused(MaskError.TooFewParties,
                $"{publicKeys.Count} public key(s): secure aggregation needs at least 2 parties (alone, a party's vector is the sum)");
        }
        if (Index >= publicKeys.Count)
        {
            return MaskResult.Refused(MaskError.IndexOutOfRange,
                $"party index {Index} is beyond the {publicKeys.Count} public keys: the coordinator's key list is incomplete");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < publicKeys.Count; j++)
        {
            ReadOnlySpan<byte> key = publicKeys[j].Span;
            if (key.Length != KeyBytes)
            {
                return MaskResult.Refused(MaskError.BadKeyLength, $"public key {j} has {key.Length} bytes: X25519 keys are {KeyBytes} raw bytes");
            }
            if (!seen.Add(Convert.ToHexString(key)))
            {
                return MaskResult.Refused(MaskError.DuplicateKey, $"public key {j} repeats an earlier party's key: every party must generate its own");
            }
        }
        if (!publicKeys[Index].Span.SequenceEqual(_publicKey))
        {
            return MaskResult.Refused(MaskError.OwnKeyMismatch,
                $"public key {Index} is not this party's key: the coordinator must list each party's key at its index");
        }
        return null;
    }

    /// <summary>
    /// HKDF-SHA256 over the X25519 secret, with info binding the query, the ordered pair, both keys and the length:
    /// a mask is never reused across queries, pairs or vector shapes, and both sides build the same info.
    /// </summary>
    private bool TryDerivePairKey(int other, IReadOnlyList<ReadOnlyMemory<byte>> publicKeys, int length, Span<byte> pairKey)
    {
        if (!NSec.Cryptography.PublicKey.TryImport(X25519, publicKeys[other].Span, KeyBlobFormat.RawPublicKey, out NSec.Cryptography.PublicKey? peer) || peer is null)
        {
            return false;
        }
        using SharedSecret? secret = X25519.Agree(_key, peer);
        if (secret is null)
        {
            return false;
        }
        int low = Math.Min(Index, other);
        int high = Math.Max(Index, other);
        int infoBytes = 4 + _queryId.Length + 4 + 4 + KeyBytes + KeyBytes + 8;
        Span<byte> info = infoBytes <= 512 ? stackalloc byte[infoBytes] : new byte[infoBytes];
        int at = 0;
        BinaryPrimitives.WriteInt32BigEndian(info[at..], _queryId.Length);
        at += 4;
        _queryId.CopyTo(info[at..]);
        at += _queryId.Length;
        BinaryPrimitives.WriteInt32BigEndian(info[at..], low);
        BinaryPrimitives.WriteInt32BigEndian(info[(at + 4)..], high);
        at += 8;
        publicKeys[low].Span.CopyTo(info[at..]);
        publicKeys[high].Span.CopyTo(info[(at + KeyBytes)..]);
        at += 2 * KeyBytes;
        BinaryPrimitives.WriteInt64BigEndian(info[at..], length);
        Hkdf.DeriveBytes(secret, Salt, info, pairKey);
        return true;
    }

    private ulong[] Apply(ReadOnlySpan<long> values, int parties, byte[] pairKeys)
    {
        ulong[] masked = new ulong[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            masked[i] = unchecked((ulong)values[i]); // two's complement: the sum decodes back to signed
        }
        using var stream = new MaskStream(values.Length);
        for (int j = 0; j < parties; j++)
        {
            if (j == Index)
            {
                continue;
            }
            ReadOnlySpan<ulong> masks = stream.Expand(pairKeys.AsSpan(j * KeyBytes, KeyBytes));
            if (j > Index)
            {
                ModularVector.AddInto(masked, masks);
            }
            else
            {
                ModularVector.SubtractFrom(masked, masks);
            }
        }
        return masked;
    }
}
