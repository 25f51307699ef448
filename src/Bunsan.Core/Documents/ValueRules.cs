using System.Globalization;
using System.Text;

namespace Bunsan.Core.Documents;

/// <summary>
/// Value rules shared by Bunsan's files (topologies, function catalogs). Each returns null when the
/// value is fine, else the problem and its fix, worded to follow the field's name: "is -4: use ...".
/// </summary>
public static class ValueRules
{
    public const int MaxIdLength = 128;
    public const int MaxNameLength = 256;

    /// <summary>Ids appear in URLs, metrics and file names, so they keep to a safe ASCII alphabet.</summary>
    public static string? Identifier(string value)
    {
        if (value.Length == 0)
        {
            return "is empty: use letters, digits, '.', '-' or '_'";
        }
        if (value.Length > MaxIdLength)
        {
            return Show(value) + $" is {value.Length} characters long: use at most {MaxIdLength}";
        }
        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_'))
            {
                return Show(value) + " has the character " + Show(c.ToString()) + ": use only letters, digits, '.', '-' or '_'";
            }
        }
        return null;
    }

    public static string? Name(string value) =>
        value.Length == 0 ? "is empty: write a name or leave the field out"
        : value.Length > MaxNameLength ? $"is {value.Length} characters long: use at most {MaxNameLength}"
        : value.Any(char.IsControl) ? "has a control character: remove it"
        : null;

    public static string? Jurisdiction(string value) =>
        value.Length == 2 && char.IsAsciiLetterUpper(value[0]) && char.IsAsciiLetterUpper(value[1]) ? null
        : Show(value) + " is not an ISO 3166-1 alpha-2 code: use two uppercase letters, e.g. JP";

    public static string? InRange(double value, double low, double high) =>
        double.IsFinite(value) && value >= low && value <= high ? null
        : $"is {Show(value)}: use a number from {Show(low)} to {Show(high)}";

    public static string? Positive(double value, double high) =>
        double.IsFinite(value) && value > 0 && value <= high ? null
        : $"is {Show(value)}: use a number > 0 and <= {Show(high)}";

    public static string? WholeNumber(double value, long low, long high) =>
        double.IsFinite(value) && value >= low && value <= high && Math.Floor(value) == value ? null
        : $"is {Show(value)}: use a whole number from {Show(low)} to {Show(high)}";

    public static string Show(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>Quotes a user's text, shortened so a 10 MB value does not become a 10 MB message.</summary>
    public static string Show(string value) => "'" + Shorten(value) + "'";

    /// <summary>At most 60 characters, control characters written as \uXXXX so every message stays on one line.</summary>
    public static string Shorten(string value)
    {
        string head = value.Length <= 60 ? value : string.Concat(value.AsSpan(0, 57), "...");
        if (!head.Any(char.IsControl))
        {
            return head;
        }
        var text = new StringBuilder(head.Length + 16);
        foreach (char c in head)
        {
            if (char.IsControl(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }
        return text.ToString();
    }
}
