using System.Text.RegularExpressions;

namespace Bunsan.Federation;

/// <summary>
/// The names of datasets, owners and analysts: lowercase ASCII letters, digits, '.', '-' and '_', 1–63 characters,
/// starting with a letter or digit. Narrow on purpose: these names become DuckDB table names at the owners' sites,
/// ledger facts and URL segments, so nothing in them may need quoting or look like another name.
/// </summary>
public static partial class FederationNames
{
    /// <summary>Null when <paramref name="name"/> is a valid name; otherwise the problem and the fix, naming <paramref name="what"/>.</summary>
    public static string? Problem(string? name, string what)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"{what} is empty: use lowercase letters, digits, '.', '-' or '_' (e.g. sapporo-01101010)";
        }
        return Pattern().IsMatch(name)
            ? null
            : $"{what} '{Shown(name)}' is not a name: use 1 to 63 lowercase letters, digits, '.', '-' or '_', starting with a letter or digit";
    }

    /// <summary>At most 64 characters of untrusted text, control characters as '?', for error messages.</summary>
    public static string Shown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string head = text.Length > 64 ? text[..64] + "…" : text;
        return string.Create(head.Length, head, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,62}\z")]
    private static partial Regex Pattern();
}
