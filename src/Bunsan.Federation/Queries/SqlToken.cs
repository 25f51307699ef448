namespace Bunsan.Federation.Queries;

internal enum SqlTokenKind
{
    /// <summary>An unquoted word: a keyword, a function name or a column name.</summary>
    Word,
    /// <summary>A "double-quoted" identifier (the text is unescaped).</summary>
    QuotedWord,
    Number,
    /// <summary>A 'single-quoted' string literal (the text is unescaped).</summary>
    String,
    Symbol,
    End,
}

/// <summary>One token of a query. <see cref="Position"/> is the 1-based character offset, for error messages.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) =>
        Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    /// <summary>How an error message names this token: its text (shortened) and where it starts.</summary>
    public string Describe()
    {
        string text = Text.Length > 24 ? Text[..24] + "…" : Text;
        return Kind switch
        {
            SqlTokenKind.End => $"the end of the query (position {Position})",
            SqlTokenKind.String => $"'{text}' at position {Position}",
            SqlTokenKind.QuotedWord => $"\"{text}\" at position {Position}",
            _ => $"'{text}' at position {Position}",
        };
    }
}
