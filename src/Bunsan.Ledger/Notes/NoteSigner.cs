using System.Globalization;
using NSec.Cryptography;

namespace Bunsan.Ledger.Notes;

/// <summary>
/// An Ed25519 note signer with golang.org/x/mod's private key text, <c>PRIVATE+KEY+name+hex8(keyID)+base64(0x01 ‖ seed)</c>.
/// Ed25519 (RFC 8032) is deterministic: the same key and text always give the same signature.
/// </summary>
public sealed class NoteSigner : IDisposable
{
    private const string Prefix = "PRIVATE+KEY+";
    private readonly Key _key;

    private NoteSigner(string name, Key key)
    {
        Name = name;
        _key = key;
        VerifierKey = NoteVerifierKey.FromPublicKey(name, NoteKeyId.Ed25519, key.PublicKey);
    }

    public string Name { get; }

    public uint KeyId => VerifierKey.KeyId;

    /// <summary>The public half, as a vkey anyone can use to verify offline.</summary>
    public NoteVerifierKey VerifierKey { get; }

    /// <summary>A fresh key pair from the operating system's CSPRNG (libsodium inside NSec).</summary>
    public static NoteSigner Generate(string name)
    {
        if (!NoteKeyId.IsValidName(name))
        {
            throw new ArgumentException($"key name '{name}' must be non-empty, without white space or '+'", nameof(name));
        }
        return new NoteSigner(name, Key.Create(SignatureAlgorithm.Ed25519, Exportable()));
    }

    /// <summary>Parses a skey; splits on the first four '+' only, because base64 may contain '+'.</summary>
    public static bool TryParse(string? text, out NoteSigner? signer, out string? error)
    {
        signer = null;
        text ??= "";
        string[] parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split('+', 3) : [];
        if (parts.Length != 3)
        {
            error = "a signer key has the form PRIVATE+KEY+NAME+KEYID+BASE64";
            return false;
        }
        (string name, string hex, string base64) = (parts[0], parts[1], parts[2]);
        if (!NoteKeyId.IsValidName(name))
        {
            error = $"key name '{name}' is empty or holds white space";
            return false;
        }
        if (!NoteBase64.TryDecode(base64, out byte[] blob) || blob.Length != 33 || blob[0] != NoteKeyId.Ed25519)
        {
            error = "the key is not base64 of 0x01 and a 32-byte Ed25519 seed";
            return false;
        }
        var key = Key.Import(SignatureAlgorithm.Ed25519, blob.AsSpan(1), KeyBlobFormat.RawPrivateKey, Exportable());
        var candidate = new NoteSigner(name, key);
        if (!string.Equals(candidate.KeyId.ToString("x8", CultureInfo.InvariantCulture), hex, StringComparison.Ordinal))
        {
            candidate.Dispose();
            error = $"key ID '{hex}' does not match the name and key";
            return false;
        }
        signer = candidate;
        error = null;
        return true;
    }

    /// <summary>The 64-byte Ed25519 signature of <paramref name="text"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> text) => SignatureAlgorithm.Ed25519.Sign(_key, text);

    /// <summary>The skey text: a secret; whoever holds it can sign checkpoints for this log.</summary>
    public string ExportPrivateKey() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}{Name}+{KeyId:x8}+{Convert.ToBase64String([NoteKeyId.Ed25519, .. _key.Export(KeyBlobFormat.RawPrivateKey)])}");

    public void Dispose() => _key.Dispose();

    // The store keeps the seed in its key file, so the key must be exportable.
    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}
