using System.Collections.Frozen;

namespace Bunsan.Federation.Queries;

/// <summary>The rules for column names and aliases, the words that cannot be bare names, and SQL quoting.</summary>
internal static class SqlNames
{
    /// <summary>Words that are never a bare column name (quote the column to use one: "order").</summary>
    public static FrozenSet<string> Reserved { get; } = new[]
    {
        "select", "from", "where", "group", "by", "order", "having", "limit", "offset", "as", "and", "or", "not",
        "is", "null", "between", "in", "case", "when", "then", "else", "end", "true", "false", "cast", "union",
        "intersect", "except", "join", "on", "using", "with", "distinct", "all", "qualify", "window", "like",
        "ilike", "exists", "filter", "over", "into", "inner", "left", "right", "full", "cross", "natural",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Why <paramref name="name"/> cannot name a column or an alias, or null. Letters and digits of any script,
    /// '_', '-' and inner spaces only: no dots (those read as schema qualification), quotes, slashes or controls.
    /// </summary>
    public static string? ColumnProblem(string name)
    {
        if (name.Length == 0)
        {
            return "an empty name";
        }
        if (name.Length > SqlTokenizer.MaxIdentifierLength)
        {
            return $"a name longer than {SqlTokenizer.MaxIdentifierLength} characters";
        }
        if (name[0] == ' ' || name[^1] == ' ')
        {
            return "a name that starts or ends with a space";
        }
        foreach (char c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '-' or ' '))
            {
                return $"a name with the character {(char.IsControl(c) || c > '~' ? $"U+{(int)c:X4}" : $"'{c}'")} (allowed: letters, digits, '_', '-', inner spaces)";
            }
        }
        return null;
    }

    /// <summary>"name" with inner quotes doubled: every identifier Bunsan writes is quoted.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>'text' with inner quotes doubled.</summary>
    public static string QuoteString(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
