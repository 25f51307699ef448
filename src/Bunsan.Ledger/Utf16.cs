namespace Bunsan.Ledger;

internal static class Utf16
{
    /// <summary>
    /// A lone surrogate has no UTF-8 form: encoders silently turn it into U+FFFD, so two different names or
    /// strings would become the same signed or hashed bytes.
    /// </summary>
    public static bool HasLoneSurrogate(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }
        return false;
    }
}
