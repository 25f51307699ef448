using System.Text;

namespace Bunsan.Federation.Queries;

/// <summary>
/// Splits a query into tokens. Strict on purpose: only ASCII whitespace between tokens, no comments,
/// no parameters, no :: casts, no dollar quoting. Anything unusual is rejected here, with its position,
/// rather than passed on — the site never sees the user's text anyway, only SQL regenerated from the AST.
/// </summary>
internal static class SqlTokenizer
{
    /// <summary>Longest query accepted, in UTF-8 bytes: room for hundreds of items, small enough to log in full.</summary>
    public const int MaxQueryBytes = 16 * 1024;

    /// <summary>Longest identifier (DuckDB accepts longer; dataset names stop at 63, columns do too).</summary>
    public const int MaxIdentifierLength = 63;

    /// <summary>Longest numeric literal: 38 digits (DECIMAL(38)) plus a point and an exponent.</summary>
    private const int MaxNumberLength = 48;

    public static List<SqlToken> Tokenize(string sql)
    {
        int bytes = Encoding.UTF8.GetByteCount(sql);
        if (bytes > MaxQueryBytes)
        {
            throw new SqlRejection($"the query is {bytes} bytes; at most {MaxQueryBytes} are accepted: split it into smaller queries");
        }
        var tokens = new List<SqlToken>();
        int i = 0;
        while (i < sql.Length)
        {
            char c = sql[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                int start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_'))
                {
                    i++;
                }
                if (i - start > MaxIdentifierLength)
                {
                    throw new SqlRejection($"the name at position {start + 1} is longer than {MaxIdentifierLength} characters: shorten it");
                }
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i], start + 1));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < sql.Length && char.IsAsciiDigit(sql[i + 1])))
            {
                i = ReadNumber(sql, i, tokens);
            }
            else if (c == '\'')
            {
                i = ReadQuoted(sql, i, '\'', SqlTokenKind.String, tokens);
            }
            else if (c == '"')
            {
                i = ReadQuoted(sql, i, '"', SqlTokenKind.QuotedWord, tokens);
            }
            else
            {
                i = ReadSymbol(sql, i, tokens);
            }
        }
        tokens.Add(new SqlToken(SqlTokenKind.End, "", sql.Length + 1));
        return tokens;
    }

    private static int ReadNumber(string sql, int start, List<SqlToken> tokens)
    {
        int i = start;
        while (i < sql.Length && char.IsAsciiDigit(sql[i]))
        {
            i++;
        }
        if (i < sql.Length && sql[i] == '.')
        {
            i++;
            while (i < sql.Length && char.IsAsciiDigit(sql[i]))
            {
                i++;
            }
        }
        if (i < sql.Length && sql[i] is 'e' or 'E')
        {
            int exponent = i + 1;
            if (exponent < sql.Length && sql[exponent] is '+' or '-')
            {
                exponent++;
            }
            if (exponent < sql.Length && char.IsAsciiDigit(sql[exponent]))
            {
                i = exponent;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }
            }
        }
        // 1abc, 0x10, 1_000 and 1.2.3 are not numbers DuckDB and we would read the same way.
        if (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '.'))
        {
            throw new SqlRejection($"malformed number at position {start + 1}: write plain decimal numbers such as 42, 0.5 or 1e6");
        }
        if (i - start > MaxNumberLength)
        {
            throw new SqlRejection($"the number at position {start + 1} is longer than {MaxNumberLength} characters");
        }
        tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i].ToLowerInvariant(), start + 1));
        return i;
    }

    private static int ReadQuoted(string sql, int start, char quote, SqlTokenKind kind, List<SqlToken> tokens)
    {
        string what = kind == SqlTokenKind.String ? "string literal" : "quoted name";
        var text = new StringBuilder();
        int i = start + 1;
        while (true)
        {
            if (i >= sql.Length)
            {
                throw new SqlRejection($"the {what} starting at position {start + 1} is not closed: add the closing {quote}");
            }
            char c = sql[i];
            if (c == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    text.Append(quote);
                    i += 2;
                    continue;
                }
                break;
            }
            if (c == '\0')
            {
                throw new SqlRejection($"the {what} starting at position {start + 1} contains a NUL character: remove it");
            }
            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < sql.Length && char.IsLowSurrogate(sql[i + 1])))
            {
                throw new SqlRejection($"the {what} starting at position {start + 1} contains a broken UTF-16 surrogate at position {i + 1}");
            }
            text.Append(c);
            i++;
        }
        tokens.Add(new SqlToken(kind, text.ToString(), start + 1));
        return i + 1;
    }

    private static int ReadSymbol(string sql, int i, List<SqlToken> tokens)
    {
        char c = sql[i];
        char next = i + 1 < sql.Length ? sql[i + 1] : '\0';
        int position = i + 1;
        if ((c == '-' && next == '-') || (c == '/' && next == '*'))
        {
            throw new SqlRejection($"comments are not accepted (position {position}): remove them; the canonical text of the query is what sites and the ledger see");
        }
        if (c == ':' && next == ':')
        {
            throw new SqlRejection($":: casts are not supported (position {position}): write CAST(x AS DOUBLE)");
        }
        if (c == '|' && next == '|')
        {
            throw new SqlRejection($"the || operator is not supported (position {position})");
        }
        if (c is '$' or '?')
        {
            throw new SqlRejection($"parameters ({c}) are not supported (position {position}): write the value into the query");
        }
        string? two = (c, next) switch
        {
            ('<', '=') => "<=",
            ('>', '=') => ">=",
            ('<', '>') => "<>",
            ('!', '=') => "<>",
            _ => null,
        };
        if (two is not null)
        {
            tokens.Add(new SqlToken(SqlTokenKind.Symbol, two, position));
            return i + 2;
        }
        if ("(),;+-*/%=<>.".Contains(c, StringComparison.Ordinal))
        {
            tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), position));
            return i + 1;
        }
        string shown = char.IsControl(c) || c > '~' ? $"U+{(int)c:X4}" : $"'{c}'";
        throw new SqlRejection($"unexpected character {shown} at position {position}: only ASCII spaces separate tokens, and names with other characters need \"double quotes\"");
    }
}
