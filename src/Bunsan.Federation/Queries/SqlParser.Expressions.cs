using System.Collections.Immutable;
using System.Globalization;

namespace Bunsan.Federation.Queries;

/// <summary>
/// Expressions, loosest first: OR, AND, NOT, IS [NOT] NULL, one comparison, [NOT] BETWEEN / [NOT] IN,
/// + -, * / %, unary minus, primaries. The precedence is PostgreSQL's and DuckDB's; it only decides the
/// tree, because the regenerated SQL parenthesises every operation.
/// </summary>
internal sealed partial class SqlParser
{
    /// <summary>Deepest nesting accepted, both while parsing (parentheses, calls, unary chains) and in the tree.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most literals in one IN list.</summary>
    public const int MaxInList = 1000;

    private enum ExprContext
    {
        Item,
        Where,
        GroupBy,
        AggregateArgument,
    }

    private static readonly string[] Comparisons = ["=", "<>", "<", "<=", ">", ">="];

    private ExprContext _context;
    private int _depth;

    private SqlExpr ParseExpression(ExprContext context)
    {
        _context = context;
        return ParseNested();
    }

    private SqlExpr ParseNested()
    {
        Enter();
        SqlExpr expression = ParseOr();
        _depth--;
        return expression;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new SqlRejection($"the expression at position {Peek().Position} nests deeper than {MaxDepth} levels: simplify it");
        }
    }

    private static SqlExpr Checked(SqlExpr expression) => expression.Depth <= MaxDepth
        ? expression
        : throw new SqlRejection($"the expression at position {expression.Position} nests deeper than {MaxDepth} levels: simplify it");

    private SqlExpr ParseOr()
    {
        SqlExpr left = ParseAnd();
        while (TakeKeyword("or"))
        {
            left = Checked(new BinaryExpr("OR", left, ParseAnd()));
        }
        return left;
    }

    private SqlExpr ParseAnd()
    {
        SqlExpr left = ParseNot();
        while (TakeKeyword("and"))
        {
            left = Checked(new BinaryExpr("AND", left, ParseNot()));
        }
        return left;
    }

    private SqlExpr ParseNot()
    {
        if (!Peek().IsKeyword("not"))
        {
            return ParseIs();
        }
        SqlToken not = Take();
        Enter();
        SqlExpr operand = ParseNot();
        _depth--;
        return Checked(new UnaryExpr("NOT", operand, not.Position));
    }

    private SqlExpr ParseIs()
    {
        SqlExpr expression = ParseComparison();
        while (TakeKeyword("is"))
        {
            bool negated = TakeKeyword("not");
            if (!TakeKeyword("null"))
            {
                throw Unexpected(Peek(), "expected NULL after IS (IS TRUE and IS DISTINCT FROM are not supported)");
            }
            expression = Checked(new IsNullExpr(expression, negated));
        }
        return expression;
    }

    private SqlExpr ParseComparison()
    {
        SqlExpr left = ParseRange();
        if (Peek().Kind != SqlTokenKind.Symbol || !Comparisons.Contains(Peek().Text))
        {
            return left;
        }
        string op = Take().Text;
        SqlExpr comparison = Checked(new BinaryExpr(op, left, ParseRange()));
        SqlToken next = Peek();
        return next.Kind == SqlTokenKind.Symbol && Comparisons.Contains(next.Text)
            ? throw new SqlRejection($"chained comparison at position {next.Position}: add parentheses or split it with AND")
            : comparison;
    }

    private SqlExpr ParseRange()
    {
        SqlExpr operand = ParseAdditive();
        SqlToken t = Peek();
        bool negated = t.IsKeyword("not") && (Peek(1).IsKeyword("between") || Peek(1).IsKeyword("in") || IsLike(Peek(1)));
        if (negated)
        {
            Take();
        }
        if (TakeKeyword("between"))
        {
            SqlExpr low = ParseAdditive();
            if (!TakeKeyword("and"))
            {
                throw Unexpected(Peek(), "expected AND in BETWEEN low AND high");
            }
            return Checked(new BetweenExpr(operand, low, ParseAdditive(), negated));
        }
        if (TakeKeyword("in"))
        {
            return Checked(new InListExpr(operand, ParseInList(), negated));
        }
        SqlToken like = negated ? Peek() : t;
        return IsLike(like)
            ? throw new SqlRejection($"{like.Text.ToUpperInvariant()} (position {like.Position}) is not supported: compare with =, IN or lower()/upper()")
            : operand;
    }

    private static bool IsLike(SqlToken t) => t.IsKeyword("like") || t.IsKeyword("ilike") || t.IsKeyword("similar") || t.IsKeyword("glob");

    private ImmutableArray<SqlExpr> ParseInList()
    {
        ExpectSymbol("(", "after IN");
        if (Peek().IsKeyword("select") || Peek().IsKeyword("with"))
        {
            throw new SqlRejection($"subqueries (position {Peek().Position}) are not supported: IN takes a list of literals");
        }
        var values = ImmutableArray.CreateBuilder<SqlExpr>();
        do
        {
            if (values.Count == MaxInList)
            {
                throw new SqlRejection($"more than {MaxInList} values in an IN list (position {Peek().Position})");
            }
            values.Add(ParseInLiteral());
        }
        while (TakeSymbol(","));
        ExpectSymbol(")", "to close the IN list");
        return values.ToImmutable();
    }

    private SqlExpr ParseInLiteral()
    {
        SqlToken t = Peek();
        if (t.IsSymbol("-") && Peek(1).Kind == SqlTokenKind.Number)
        {
            Take();
            return new UnaryExpr("-", ParseLiteral(Take()), t.Position);
        }
        bool literal = t.Kind is SqlTokenKind.Number or SqlTokenKind.String
            || t.IsKeyword("true") || t.IsKeyword("false") || t.IsKeyword("null")
            || (t.IsKeyword("date") && Peek(1).Kind == SqlTokenKind.String);
        return literal ? ParsePrimary() : throw Unexpected(t, "IN lists hold literals only (numbers, 'strings', DATE 'yyyy-mm-dd', TRUE, FALSE, NULL)");
    }

    private SqlExpr ParseAdditive()
    {
        SqlExpr left = ParseMultiplicative();
        while (Peek().IsSymbol("+") || Peek().IsSymbol("-"))
        {
            string op = Take().Text;
            left = Checked(new BinaryExpr(op, left, ParseMultiplicative()));
        }
        return left;
    }

    private SqlExpr ParseMultiplicative()
    {
        SqlExpr left = ParseUnary();
        while (Peek().IsSymbol("*") || Peek().IsSymbol("/") || Peek().IsSymbol("%"))
        {
            string op = Take().Text;
            left = Checked(new BinaryExpr(op, left, ParseUnary()));
        }
        return left;
    }

    private SqlExpr ParseUnary()
    {
        SqlToken t = Peek();
        if (!t.IsSymbol("-") && !t.IsSymbol("+"))
        {
            return ParsePrimary();
        }
        Take();
        Enter();
        SqlExpr operand = ParseUnary();
        _depth--;
        // Unary plus changes nothing, so the tree (and the canonical text) drops it.
        return t.IsSymbol("+") ? operand : Checked(new UnaryExpr("-", operand, t.Position));
    }

    private SqlExpr ParsePrimary()
    {
        SqlToken t = Peek();
        switch (t.Kind)
        {
            case SqlTokenKind.Number:
            case SqlTokenKind.String:
                return ParseLiteral(Take());
            case SqlTokenKind.QuotedWord:
                RejectQualified(t);
                Take();
                string? problem = SqlNames.ColumnProblem(t.Text);
                return problem is null
                    ? new ColumnExpr(t.Text, t.Position)
                    : throw new SqlRejection($"the column name {t.Describe()} is {problem}: rename the column");
            case SqlTokenKind.Word:
                return ParseWord(t);
            default:
                if (t.IsSymbol("("))
                {
                    Take();
                    if (Peek().IsKeyword("select") || Peek().IsKeyword("with"))
                    {
                        throw new SqlRejection($"subqueries (position {Peek().Position}) are not supported");
                    }
                    SqlExpr inner = ParseNested();
                    ExpectSymbol(")", "to close the parenthesis");
                    return inner;
                }
                throw t.IsSymbol("*")
                    ? new SqlRejection($"* (position {t.Position}) is only accepted as COUNT(*): Bunsan answers aggregates only: raw rows never leave a site")
                    : Unexpected(t, "expected an expression");
        }
    }

    private SqlExpr ParseWord(SqlToken t)
    {
        if (Peek(1).IsSymbol("("))
        {
            return ParseCall(t);
        }
        RejectQualified(t);
        string word = t.Text.ToLowerInvariant();
        bool literalFollows = Peek(1).Kind == SqlTokenKind.String;
        switch (word)
        {
            case "true" or "false":
                Take();
                return new LiteralExpr(SqlLiteralKind.Boolean, word.ToUpperInvariant(), t.Position);
            case "null":
                Take();
                return new LiteralExpr(SqlLiteralKind.Null, "NULL", t.Position);
            case "case":
                return ParseCase();
            case "date" when literalFollows:
                Take();
                SqlToken date = Take();
                return DateOnly.TryParseExact(date.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day)
                    ? new LiteralExpr(SqlLiteralKind.Date, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t.Position)
                    : throw new SqlRejection($"DATE {date.Describe()} is not a date: write DATE 'yyyy-mm-dd'");
            case "timestamp" or "time" or "interval" or "timestamptz" when literalFollows:
                throw new SqlRejection($"{word.ToUpperInvariant()} literals (position {t.Position}) are not supported: use DATE 'yyyy-mm-dd'");
            case "select" or "exists":
                throw new SqlRejection($"subqueries ({t.Describe()}) are not supported");
            default:
                if (SqlNames.Reserved.Contains(word))
                {
                    throw Unexpected(t, "expected an expression (quote a column with this name: \"" + t.Text + "\")");
                }
                Take();
                return new ColumnExpr(t.Text, t.Position);
        }
    }

    private static LiteralExpr ParseLiteral(SqlToken t) =>
        new(t.Kind == SqlTokenKind.Number ? SqlLiteralKind.Number : SqlLiteralKind.String, t.Text, t.Position);

    private SqlExpr ParseCase()
    {
        SqlToken caseToken = Take();
        if (!Peek().IsKeyword("when"))
        {
            throw new SqlRejection($"simple CASE x WHEN … (position {caseToken.Position}) is not supported: write CASE WHEN x = value THEN …");
        }
        var branches = ImmutableArray.CreateBuilder<CaseBranch>();
        while (TakeKeyword("when"))
        {
            SqlExpr when = ParseNested();
            if (!TakeKeyword("then"))
            {
                throw Unexpected(Peek(), "expected THEN in CASE WHEN … THEN …");
            }
            branches.Add(new CaseBranch(when, ParseNested()));
        }
        SqlExpr? otherwise = TakeKeyword("else") ? ParseNested() : null;
        return TakeKeyword("end")
            ? Checked(new CaseExpr(branches.ToImmutable(), otherwise, caseToken.Position))
            : throw Unexpected(Peek(), "expected WHEN, ELSE or END in CASE");
    }
}
