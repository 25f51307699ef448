using System.Globalization;
using Bunsan.Ledger.Merkle;

namespace Bunsan.Cli.Commands;

/// <summary>Reading the audit verbs' arguments strictly: a hash is exactly 32 bytes, a size a plain decimal.</summary>
internal static class AuditInputs
{
    /// <summary>A tree size or index: decimal digits only (no sign, no spaces), within 0..2^64 − 1.</summary>
    public static ulong Number(string option, string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.All(char.IsAsciiDigit)
            || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
        {
            throw new BadInputException(option, $"'{Shorten(text)}' is not a whole number in 0..{ulong.MaxValue}: pass decimal digits only, e.g. {option} 8");
        }
        return value;
    }

    /// <summary>A SHA-256 hash: 64 hex digits (either case), or 44 characters of standard base64 as in a checkpoint.</summary>
    public static byte[] Hash(string option, string? text)
    {
        text ??= "";
        if (text.Length == 2 * MerkleHash.Size && text.All(char.IsAsciiHexDigit))
        {
            return Convert.FromHexString(text);
        }
        if (text.Length == 44 && text.EndsWith('=') && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
        {
            byte[] buffer = new byte[MerkleHash.Size + 1];
            if (Convert.TryFromBase64String(text, buffer, out int written) && written == MerkleHash.Size)
            {
                return buffer[..MerkleHash.Size];
            }
        }
        throw new BadInputException(option,
            $"'{Shorten(text)}' ({text.Length} characters) is not a SHA-256 hash: pass 64 hex digits or 44 characters of base64");
    }

    /// <summary>A proof: hashes separated by commas; an empty or absent value is the empty proof.</summary>
    public static byte[][] Proof(string option, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        string[] parts = text.Split(',');
        var hashes = new byte[parts.Length][];
        for (int i = 0; i < parts.Length; i++)
        {
            try
            {
                hashes[i] = Hash(option, parts[i].Trim());
            }
            catch (BadInputException e)
            {
                throw new BadInputException(option, $"hash {i + 1} of {parts.Length}: {e.Message[(option.Length + 2)..]}");
            }
        }
        return hashes;
    }

    /// <summary>Echoes at most 40 characters of hostile input, with control characters made visible.</summary>
    public static string Shorten(string? text)
    {
        text ??= "";
        string shown = text.Length <= 40 ? text : text[..40] + "…";
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
