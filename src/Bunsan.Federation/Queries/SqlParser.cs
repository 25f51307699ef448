using System.Collections.Immutable;
using System.Globalization;

namespace Bunsan.Federation.Queries;

/// <summary>
/// Recursive-descent parser for Bunsan's aggregate SQL subset:
/// <c>SELECT item[, item...] FROM source [WHERE expr] [GROUP BY expr[, ...]] [;]</c>.
/// This file holds the statement, its items, the source and the aggregates; expressions are in
/// SqlParser.Expressions.cs. Every refusal names what, where and the fix, in one line.
/// </summary>
internal sealed partial class SqlParser
{
    /// <summary>Most SELECT items, and most GROUP BY expressions.</summary>
    public const int MaxItems = 256;

    private readonly List<SqlToken> _tokens;
    private int _next;

    private SqlParser(List<SqlToken> tokens) => _tokens = tokens;

    public static ParsedQuery Parse(string sql) => new SqlParser(SqlTokenizer.Tokenize(sql)).ParseStatement();

    private ParsedQuery ParseStatement()
    {
        SqlToken first = Peek();
        if (first.Kind == SqlTokenKind.End)
        {
            throw new SqlRejection("the query is empty: write for example SELECT COUNT(*) FROM dataset");
        }
        if (first.IsKeyword("with"))
        {
            throw new SqlRejection($"CTEs (WITH at position {first.Position}) are not supported: write one SELECT over a dataset or federation('pattern')");
        }
        if (first.IsSymbol("("))
        {
            throw new SqlRejection($"subqueries (position {first.Position}) are not supported: write one SELECT over a dataset or federation('pattern')");
        }
        if (!first.IsKeyword("select"))
        {
            throw new SqlRejection($"only a single SELECT statement is accepted, not {first.Describe()}: write SELECT aggregates FROM dataset");
        }
        Take();
        if (Peek().IsKeyword("distinct") || Peek().IsKeyword("all"))
        {
            throw new SqlRejection($"SELECT {Peek().Text.ToUpperInvariant()} (position {Peek().Position}) is not supported: Bunsan answers aggregates only: raw rows never leave a site; use GROUP BY with COUNT(*)");
        }
        ImmutableArray<SelectItem> items = ParseItems();
        if (!TakeKeyword("from"))
        {
            throw Unexpected(Peek(), "expected ',' or FROM after the SELECT items");
        }
        (string source, bool isFederation) = ParseSource();
        SqlExpr? where = TakeKeyword("where") ? ParseExpression(ExprContext.Where) : null;
        ImmutableArray<SqlExpr> groupBy = [];
        if (TakeKeyword("group"))
        {
            if (!TakeKeyword("by"))
            {
                throw Unexpected(Peek(), "expected BY after GROUP");
            }
            groupBy = ParseGroupBy();
        }
        ParseEnd();
        return new ParsedQuery(items, source, isFederation, where, groupBy);
    }

    private ImmutableArray<SelectItem> ParseItems()
    {
        var items = ImmutableArray.CreateBuilder<SelectItem>();
        do
        {
            if (items.Count == MaxItems)
            {
                throw new SqlRejection($"more than {MaxItems} SELECT items (position {Peek().Position}): split the query");
            }
            items.Add(ParseItem(items.Count + 1));
        }
        while (TakeSymbol(","));
        return items.ToImmutable();
    }

    private SelectItem ParseItem(int number)
    {
        SqlToken t = Peek();
        if (t.IsSymbol("*"))
        {
            throw new SqlRejection($"SELECT * (position {t.Position}) is not supported: Bunsan answers aggregates only: raw rows never leave a site; select aggregates such as COUNT(*)");
        }
        RejectQualified(t);
        if (t.Kind == SqlTokenKind.Word && Peek(1).IsSymbol("(") && SqlFunctions.Aggregates.ContainsKey(t.Text.ToLowerInvariant()))
        {
            AggregateCall aggregate = ParseAggregate();
            SqlToken follow = Peek();
            if (follow.Kind == SqlTokenKind.Symbol && follow.Text is not ("," or ";" or ")")
                || follow.IsKeyword("and") || follow.IsKeyword("or") || follow.IsKeyword("is") || follow.IsKeyword("between") || follow.IsKeyword("in") || follow.IsKeyword("not"))
            {
                throw new SqlRejection($"item {number}: an expression over an aggregate ({follow.Describe()}) is not supported: select the aggregates on their own and combine the answers afterwards");
            }
            return new SelectItem(aggregate, null, ParseAlias(), t.Position);
        }
        SqlExpr expression = ParseExpression(ExprContext.Item);
        return new SelectItem(null, expression, ParseAlias(), t.Position);
    }

    private string? ParseAlias()
    {
        bool explicitAs = TakeKeyword("as");
        SqlToken t = Peek();
        bool isName = t.Kind == SqlTokenKind.QuotedWord || (t.Kind == SqlTokenKind.Word && !SqlNames.Reserved.Contains(t.Text));
        if (!isName)
        {
            return explicitAs ? throw Unexpected(t, "expected a name after AS") : null;
        }
        Take();
        string? problem = SqlNames.ColumnProblem(t.Text);
        return problem is null ? t.Text : throw new SqlRejection($"the alias {t.Describe()} is {problem}: choose a plainer name");
    }

    private (string Source, bool IsFederation) ParseSource()
    {
        SqlToken t = Peek();
        if (t.IsSymbol("(") || t.IsKeyword("select"))
        {
            throw new SqlRejection($"subqueries (position {t.Position}) are not supported: FROM takes a dataset name or federation('pattern')");
        }
        if (t.Kind == SqlTokenKind.String)
        {
            throw new SqlRejection($"FROM {t.Describe()} names a file: queries read datasets by name; write FROM dataset or FROM federation('pattern')");
        }
        RejectQualified(t);
        if (t.Kind == SqlTokenKind.Word && Peek(1).IsSymbol("("))
        {
            string function = t.Text.ToLowerInvariant();
            if (function != "federation")
            {
                throw new SqlRejection($"the table function {function} (position {t.Position}) is not supported: FROM takes a dataset name or federation('pattern')");
            }
            Take();
            Take();
            SqlToken pattern = Take();
            if (pattern.Kind != SqlTokenKind.String)
            {
                throw Unexpected(pattern, "federation takes one 'pattern' in single quotes, such as federation('tokyo-*')");
            }
            string? patternProblem = DatasetName.PatternProblem(pattern.Text);
            if (patternProblem is not null)
            {
                throw new SqlRejection($"the pattern {pattern.Describe()} is not a dataset pattern: {patternProblem}");
            }
            ExpectSymbol(")", "to close federation(");
            return (pattern.Text, true);
        }
        string name = t.Kind switch
        {
            SqlTokenKind.Word when !SqlNames.Reserved.Contains(t.Text) => t.Text.ToLowerInvariant(),
            SqlTokenKind.QuotedWord => t.Text,
            _ => throw Unexpected(t, "expected a dataset name or federation('pattern') after FROM"),
        };
        Take();
        string? problem = DatasetName.Problem(name);
        return problem is null ? (name, false) : throw new SqlRejection($"the source {t.Describe()} is not a dataset name: {problem}");
    }

    private AggregateCall ParseAggregate()
    {
        SqlToken nameToken = Take();
        string name = nameToken.Text.ToUpperInvariant();
        AggregateKind kind = SqlFunctions.Aggregates[nameToken.Text.ToLowerInvariant()];
        Take();
        if (Peek().IsKeyword("distinct"))
        {
            throw new SqlRejection($"{name}(DISTINCT …) at position {nameToken.Position} is not supported: distinct values cannot be summed across sites");
        }
        SqlExpr? argument = null;
        HistogramSpec? histogram = null;
        if (TakeSymbol("*"))
        {
            if (kind != AggregateKind.Count)
            {
                throw new SqlRejection($"{name}(*) at position {nameToken.Position} is not valid: only COUNT takes *");
            }
            kind = AggregateKind.CountStar;
        }
        else if (Peek().IsSymbol(")"))
        {
            throw new SqlRejection($"{name}() at position {nameToken.Position} needs an argument");
        }
        else
        {
            argument = ParseExpression(ExprContext.AggregateArgument);
            if (kind == AggregateKind.Histogram)
            {
                histogram = ParseHistogramSpec(nameToken);
            }
        }
        ExpectSymbol(")", $"to close {name}(");
        if (Peek().IsKeyword("filter"))
        {
            throw new SqlRejection($"FILTER (position {Peek().Position}) is not supported: put the condition in WHERE, or aggregate a CASE expression");
        }
        if (Peek().IsKeyword("over"))
        {
            throw new SqlRejection($"window functions (OVER at position {Peek().Position}) are not supported");
        }
        return new AggregateCall(kind, argument, histogram, nameToken.Position);
    }

    private HistogramSpec ParseHistogramSpec(SqlToken nameToken)
    {
        ExpectSymbol(",", "then HISTOGRAM's lower bound: HISTOGRAM(x, lo, hi, buckets)");
        SqlNumber low = ParseSignedNumber("HISTOGRAM's lower bound");
        ExpectSymbol(",", "then HISTOGRAM's upper bound: HISTOGRAM(x, lo, hi, buckets)");
        SqlNumber high = ParseSignedNumber("HISTOGRAM's upper bound");
        ExpectSymbol(",", "then HISTOGRAM's bucket count: HISTOGRAM(x, lo, hi, buckets)");
        SqlToken count = Take();
        if (count.Kind != SqlTokenKind.Number || !int.TryParse(count.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int buckets)
            || buckets is < 1 or > HistogramSpec.MaxBuckets)
        {
            throw new SqlRejection($"HISTOGRAM's bucket count ({count.Describe()}) must be a whole number from 1 to {HistogramSpec.MaxBuckets}");
        }
        if (low.Value >= high.Value)
        {
            throw new SqlRejection($"HISTOGRAM at position {nameToken.Position}: the lower bound {low.Text} must be below the upper bound {high.Text}");
        }
        return new HistogramSpec(low, high, buckets);
    }

    private ImmutableArray<SqlExpr> ParseGroupBy()
    {
        if (Peek().IsKeyword("all"))
        {
            throw new SqlRejection($"GROUP BY ALL (position {Peek().Position}) is not supported: list the GROUP BY expressions");
        }
        var keys = ImmutableArray.CreateBuilder<SqlExpr>();
        do
        {
            if (keys.Count == MaxItems)
            {
                throw new SqlRejection($"more than {MaxItems} GROUP BY expressions (position {Peek().Position})");
            }
            SqlExpr key = ParseExpression(ExprContext.GroupBy);
            if (key is LiteralExpr { Kind: SqlLiteralKind.Number })
            {
                throw new SqlRejection($"positional GROUP BY (position {key.Position}) is not supported: repeat the expression itself");
            }
            keys.Add(key);
        }
        while (TakeSymbol(","));
        return keys.ToImmutable();
    }

    private void ParseEnd()
    {
        SqlToken t = Peek();
        if (TakeSymbol(";"))
        {
            if (Peek().Kind != SqlTokenKind.End)
            {
                throw new SqlRejection($"only one statement is accepted: remove what follows the ';' at position {t.Position}");
            }
            return;
        }
        if (t.Kind == SqlTokenKind.End)
        {
            return;
        }
        string word = t.Kind == SqlTokenKind.Word ? t.Text.ToUpperInvariant() : "";
        throw word switch
        {
            "ORDER" or "LIMIT" or "OFFSET" or "FETCH" or "QUALIFY" or "WINDOW" => new SqlRejection(
                $"{word} (position {t.Position}) is not supported: answers come back ordered by group key; sort or cut them afterwards"),
            "HAVING" => new SqlRejection($"HAVING (position {t.Position}) is not supported: filter the answer's rows afterwards"),
            "UNION" or "INTERSECT" or "EXCEPT" => new SqlRejection(
                $"{word} (position {t.Position}) is not supported: send one query per source, or use federation('pattern') over several datasets"),
            "JOIN" or "INNER" or "LEFT" or "RIGHT" or "FULL" or "CROSS" or "NATURAL" or "POSITIONAL" or "ASOF" or "LATERAL" => Joins(t),
            "AS" => new SqlRejection($"table aliases (position {t.Position}) are not supported: name columns alone"),
            _ when t.IsSymbol(",") => Joins(t),
            _ => Unexpected(t, "expected WHERE, GROUP BY or the end of the query"),
        };
    }

    private static SqlRejection Joins(SqlToken t) =>
        new($"joins ({t.Describe()}) are not supported: query one source; federation('pattern') combines datasets with the same columns");

    private void RejectQualified(SqlToken t)
    {
        if (t.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedWord && Peek(1).IsSymbol("."))
        {
            throw new SqlRejection($"schema-qualified names ({t.Describe()} followed by '.') are not supported: name the column or dataset alone");
        }
    }

    private SqlNumber ParseSignedNumber(string what)
    {
        SqlToken t = Take();
        bool negative = t.IsSymbol("-");
        SqlToken number = negative ? Take() : t;
        if (number.Kind != SqlTokenKind.Number)
        {
            throw new SqlRejection($"{what} at position {t.Position} must be a number literal such as 0 or -5.5");
        }
        if (!decimal.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value))
        {
            throw new SqlRejection($"{what} at position {t.Position} is out of range: at most ±7.9e28");
        }
        return negative ? new SqlNumber("-" + number.Text, -value) : new SqlNumber(number.Text, value);
    }

    private SqlToken Peek(int ahead = 0) => _tokens[Math.Min(_next + ahead, _tokens.Count - 1)];

    private SqlToken Take()
    {
        SqlToken t = Peek();
        if (t.Kind != SqlTokenKind.End)
        {
            _next++;
        }
        return t;
    }

    private bool TakeKeyword(string keyword)
    {
        bool match = Peek().IsKeyword(keyword);
        _next += match ? 1 : 0;
        return match;
    }

    private bool TakeSymbol(string symbol)
    {
        bool match = Peek().IsSymbol(symbol);
        _next += match ? 1 : 0;
        return match;
    }

    private void ExpectSymbol(string symbol, string why)
    {
        if (!TakeSymbol(symbol))
        {
            throw Unexpected(Peek(), $"expected '{symbol}' {why}");
        }
    }

    private static SqlRejection Unexpected(SqlToken t, string expected) => new($"unexpected {t.Describe()}: {expected}");
}
