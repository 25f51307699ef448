using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace Bunsan.Ledger.Notes;

/// <summary>
/// A note verifier key in golang.org/x/mod's text form, <c>name+hex8(keyID)+base64(type ‖ public key)</c>.
/// Ed25519 note signatures (type 0x01) and Ed25519 witness cosignatures (type 0x04) are understood.
/// </summary>
public sealed class NoteVerifierKey
{
    private readonly PublicKey _publicKey;

    private NoteVerifierKey(string name, uint keyId, byte type, PublicKey publicKey)
    {
        Name = name;
        KeyId = keyId;
        SignatureType = type;
        _publicKey = publicKey;
    }

    public string Name { get; }

    public uint KeyId { get; }

    public byte SignatureType { get; }

    public ReadOnlySpan<byte> PublicKeyBytes => _publicKey.Export(KeyBlobFormat.RawPublicKey);

    public static NoteVerifierKey FromPublicKey(string name, byte type, PublicKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return new NoteVerifierKey(name, NoteKeyId.Compute(name, type, publicKey.Export(KeyBlobFormat.RawPublicKey)), type, publicKey);
    }

    /// <summary>Parses a vkey; splits on the first two '+' only, because base64 may contain '+'.</summary>
    public static bool TryParse(string? text, out NoteVerifierKey? key, out string? error)
    {
        key = null;
        string[] parts = (text ?? "").Split('+', 3);
        if (parts.Length != 3)
        {
            error = "a verifier key has the form NAME+KEYID+BASE64 (e.g. log.example+1a2b3c4d+AQ...)";
            return false;
        }
        (string name, string hex, string base64) = (parts[0], parts[1], parts[2]);
        if (!NoteKeyId.IsValidName(name))
        {
            error = $"key name '{name}' is empty or holds white space";
            return false;
        }
        if (hex.Length != 8 || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint keyId) || hex.Any(char.IsAsciiLetterUpper))
        {
            error = $"key ID '{hex}' is not 8 lowercase hex digits";
            return false;
        }
        if (!NoteBase64.TryDecode(base64, out byte[] blob) || blob.Length != 33 || blob[0] is not (NoteKeyId.Ed25519 or NoteKeyId.CosignatureV1))
        {
            error = "the key is not base64 of a type byte (0x01 Ed25519 or 0x04 cosignature) and a 32-byte Ed25519 public key";
            return false;
        }
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, blob.AsSpan(1), KeyBlobFormat.RawPublicKey, out PublicKey? publicKey) || publicKey is null)
        {
            error = "the 32 bytes are not an Ed25519 public key";
            return false;
        }
        if (NoteKeyId.Compute(name, blob[0], blob.AsSpan(1)) != keyId)
        {
            error = $"key ID {hex} does not match the name and public key (expected {NoteKeyId.Compute(name, blob[0], blob.AsSpan(1)):x8})";
            return false;
        }
        key = new NoteVerifierKey(name, keyId, blob[0], publicKey);
        error = null;
        return true;
    }

    /// <summary>
    /// Checks <paramref name="signature"/> (the bytes after the key ID) over the note text. A cosignature signs
    /// "cosignature/v1\ntime T\n" ‖ text and carries T as 8 big-endian bytes before the Ed25519 signature.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature)
    {
        if (SignatureType == NoteKeyId.Ed25519)
        {
            return signature.Length == 64 && SignatureAlgorithm.Ed25519.Verify(_publicKey, text, signature);
        }
        if (signature.Length != 8 + 64)
        {
            return false;
        }
        ulong timestamp = BinaryPrimitives.ReadUInt64BigEndian(signature);
        byte[] header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"cosignature/v1\ntime {timestamp}\n"));
        byte[] message = [.. header, .. text];
        return SignatureAlgorithm.Ed25519.Verify(_publicKey, message, signature[8..]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}+{KeyId:x8}+{Convert.ToBase64String([SignatureType, .. PublicKeyBytes])}");
}
