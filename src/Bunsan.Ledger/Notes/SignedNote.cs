using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Bunsan.Ledger.Notes;

/// <summary>One signature line of a note: key name, key ID and the signature bytes after the ID.</summary>
public sealed record NoteSignature(string Name, uint KeyId, byte[] Signature);

/// <summary>What opening a note gives: its text when a known key verified it, or the reason it was rejected.</summary>
public sealed record NoteVerification(bool Valid, string? Reason, string? Text, IReadOnlyList<NoteVerifierKey> VerifiedBy, IReadOnlyList<NoteSignature> Unverified);

/// <summary>
/// The C2SP signed-note format (c2sp.org/signed-note), parsed as strictly as golang.org/x/mod/sumdb/note:
/// text ending in '\n', one empty line, then 1–100 lines "— name base64(keyID ‖ signature)\n".
/// </summary>
public static class SignedNote
{
    /// <summary>golang.org/x/mod treats more as malformed; the C2SP spec asks verifiers to accept at least 16.</summary>
    public const int MaxSignatures = 100;

    private const string SignaturePrefix = "— ";

    private static readonly SearchValues<byte> ControlCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(b => b != '\n').Select(b => (byte)b), 0x7F]);

    /// <summary>Signs <paramref name="text"/> (which must end in '\n') with every signer, in order.</summary>
    public static string Sign(string text, params IReadOnlyList<NoteSigner> signers)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signers);
        if (CheckText(Encoding.UTF8.GetBytes(text)) is { } error)
        {
            throw new ArgumentException(error, nameof(text));
        }
        var note = new StringBuilder(text).Append('\n');
        byte[] message = Encoding.UTF8.GetBytes(text);
        foreach (var signer in signers)
        {
            byte[] blob = new byte[4 + 64];
            BinaryPrimitives.WriteUInt32BigEndian(blob, signer.KeyId);
            signer.Sign(message).CopyTo(blob, 4);
            note.Append(SignaturePrefix).Append(signer.Name).Append(' ').Append(Convert.ToBase64String(blob)).Append('\n');
        }
        return note.ToString();
    }

    /// <summary>
    /// Verifies a note. Signatures by unknown (name, key ID) pairs are ignored (key rotation, witnesses); a known
    /// key whose signature fails rejects the whole note; a note no known key verified is rejected.
    /// </summary>
    public static NoteVerification Open(ReadOnlySpan<byte> note, IReadOnlyList<NoteVerifierKey> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (!TryParse(note, out string? text, out var signatures, out string? error))
        {
            return Rejected(error!);
        }
        byte[] message = Encoding.UTF8.GetBytes(text!);
        var verified = new List<NoteVerifierKey>();
        var unverified = new List<NoteSignature>();
        foreach (var signature in signatures)
        {
            var key = known.FirstOrDefault(k => k.KeyId == signature.KeyId && string.Equals(k.Name, signature.Name, StringComparison.Ordinal));
            if (key is null)
            {
                unverified.Add(signature);
                continue;
            }
            if (!key.Verify(message, signature.Signature))
            {
                return Rejected($"invalid signature for key {key.Name}+{key.KeyId:x8}: the note was altered or not signed by this key");
            }
            if (!verified.Contains(key))
            {
                verified.Add(key);
            }
        }
        return verified.Count == 0
            ? Rejected($"no signature by a known key ({string.Join(", ", known.Select(k => $"{k.Name}+{k.KeyId:x8}"))}); signed by: {string.Join(", ", signatures.Select(s => $"{s.Name}+{s.KeyId:x8}"))}")
            : new NoteVerification(true, null, text, verified, unverified);
    }

    /// <summary>Splits a note into text and signature lines, rejecting anything the format does not allow.</summary>
    public static bool TryParse(ReadOnlySpan<byte> note, out string? text, out IReadOnlyList<NoteSignature> signatures, out string? error)
    {
        text = null;
        signatures = [];
        if ((error = CheckText(note)) is not null)
        {
            return false;
        }
        int split = note.LastIndexOf("\n\n"u8);
        if (split < 0)
        {
            error = "no empty line separates the text from the signatures";
            return false;
        }
        ReadOnlySpan<byte> lines = note[(split + 2)..];
        if (lines.IsEmpty)
        {
            error = "the note has no signature lines after the empty line";
            return false;
        }
        var parsed = new List<NoteSignature>();
        foreach (string line in Encoding.UTF8.GetString(lines[..^1]).Split('\n'))
        {
            if (parsed.Count == MaxSignatures)
            {
                error = $"more than {MaxSignatures} signatures";
                return false;
            }
            if (ParseSignatureLine(line, out string? lineError) is not { } signature)
            {
                error = $"signature line {parsed.Count + 1}: {lineError}";
                return false;
            }
            parsed.Add(signature);
        }
        text = Encoding.UTF8.GetString(note[..(split + 1)]);
        signatures = parsed;
        return true;
    }

    private static NoteSignature? ParseSignatureLine(string line, out string? error)
    {
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            error = "does not start with '— ' (U+2014 and a space)";
            return null;
        }
        string[] fields = line[SignaturePrefix.Length..].Split(' ');
        if (fields.Length != 2 || !NoteKeyId.IsValidName(fields[0]))
        {
            error = "is not '— NAME BASE64' with a key name free of spaces and '+'";
            return null;
        }
        if (!NoteBase64.TryDecode(fields[1], out byte[] blob) || blob.Length < 5)
        {
            error = $"the signature of {fields[0]} is not base64 of a 4-byte key ID and a signature";
            return null;
        }
        error = null;
        return new NoteSignature(fields[0], BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]);
    }

    /// <summary>Valid UTF-8, no control characters but '\n' (0x7F included), ends in '\n'.</summary>
    private static string? CheckText(ReadOnlySpan<byte> bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return "the note is not valid UTF-8";
        }
        int control = bytes.IndexOfAny(ControlCharacters);
        if (control >= 0)
        {
            return $"control character 0x{bytes[control]:x2} at byte {control}: a note may hold only printable text and '\\n'";
        }
        if (bytes.IsEmpty || bytes[^1] != (byte)'\n')
        {
            return "the note does not end with a newline";
        }
        return null;
    }

    private static NoteVerification Rejected(string reason) => new(false, reason, null, [], []);
}
