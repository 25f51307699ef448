using System.Buffers;
using System.Globalization;
using System.Text;

namespace Bunsan.Ledger.Notes;

/// <summary>
/// A C2SP tlog-checkpoint body (c2sp.org/tlog-checkpoint): origin, tree size, base64 root hash, then optional
/// non-empty extension lines, each ending in '\n'. It is the text of a signed note; the log key name should equal the origin.
/// </summary>
public sealed record Checkpoint(string Origin, ulong Size, byte[] RootHash, IReadOnlyList<string> Extensions)
{
    public Checkpoint(string origin, ulong size, byte[] rootHash)
        : this(origin, size, rootHash, [])
    {
    }

    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c != '\n').Select(c => (char)c), '\u007f']);

    /// <summary>The note text this checkpoint is signed as.</summary>
    public string Format()
    {
        var text = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (string line in Extensions)
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// Parses strictly. The root may be any length here (the format leaves the hash to the log); callers that
    /// check an RFC 6962 SHA-256 log then require 32 bytes. Unlike transparency-dev/formats, empty extension lines
    /// are rejected: C2SP says they MUST be non-empty.
    /// </summary>
    public static bool TryParse(string? text, out Checkpoint? checkpoint, out string? error)
    {
        checkpoint = null;
        if (string.IsNullOrEmpty(text) || text[^1] != '\n')
        {
            error = "a checkpoint ends with a newline";
            return false;
        }
        if (text.AsSpan().ContainsAny(ControlCharacters))
        {
            error = "a checkpoint holds printable text only: found a control character";
            return false;
        }
        string[] lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            error = $"a checkpoint has at least 3 lines (origin, size, root hash), not {lines.Length}";
            return false;
        }
        if (lines[0].Length == 0)
        {
            error = "line 1 (origin) is empty";
            return false;
        }
        if (!TryParseSize(lines[1], out ulong size))
        {
            error = $"line 2 (tree size) '{Shorten(lines[1])}' is not a decimal number in 0..{ulong.MaxValue} without sign or leading zeros";
            return false;
        }
        if (!NoteBase64.TryDecode(lines[2], out byte[] root))
        {
            error = $"line 3 (root hash) '{Shorten(lines[2])}' is not standard base64";
            return false;
        }
        int empty = Array.FindIndex(lines, 3, l => l.Length == 0);
        if (empty >= 0)
        {
            error = $"line {empty + 1} (an extension line) is empty; extension lines must be non-empty";
            return false;
        }
        checkpoint = new Checkpoint(lines[0], size, root, lines[3..]);
        error = null;
        return true;
    }

    private static bool TryParseSize(string text, out ulong size)
    {
        size = 0;
        bool digitsOnly = text.Length > 0 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0');
        return digitsOnly && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
