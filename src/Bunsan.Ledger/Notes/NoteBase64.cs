namespace Bunsan.Ledger.Notes;

/// <summary>
/// Strict standard base64: only the 64 letters and '=' padding, length a multiple of 4, canonical (re-encodes to
/// the same text). .NET's decoder skips white space and tolerates stray padding bits, which a signed format must not.
/// </summary>
internal static class NoteBase64
{
    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return false;
            }
        }
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return false;
        }
        return string.Equals(Convert.ToBase64String(bytes), text, StringComparison.Ordinal);
    }
}
