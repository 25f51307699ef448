using System.Collections.Immutable;

namespace Bunsan.Federation.Queries;

/// <summary>
/// A scalar expression of the accepted SQL subset. Two expressions are the same expression exactly when
/// their canonical text (<see cref="SqlRenderer.Canonical(SqlExpr)"/>) is the same: that is how a SELECT
/// item is matched to its GROUP BY expression and how fragments share arguments.
/// </summary>
internal abstract class SqlExpr(int position, int depth)
{
    /// <summary>1-based character offset where the expression starts, for error messages.</summary>
    public int Position { get; } = position;

    /// <summary>Height of the tree below and including this node (a column is 1).</summary>
    public int Depth { get; } = depth;

    protected static int DepthOf(params ReadOnlySpan<SqlExpr?> children)
    {
        int depth = 0;
        foreach (SqlExpr? child in children)
        {
            depth = Math.Max(depth, child?.Depth ?? 0);
        }
        return depth + 1;
    }
}

internal sealed class ColumnExpr(string name, int position) : SqlExpr(position, 1)
{
    public string Name { get; } = name;
}

internal enum SqlLiteralKind
{
    Number,
    String,
    Date,
    Boolean,
    Null,
}

/// <summary>A literal. Text is the number as written, the unescaped string, yyyy-mm-dd, TRUE/FALSE or NULL.</summary>
internal sealed class LiteralExpr(SqlLiteralKind kind, string text, int position) : SqlExpr(position, 1)
{
    public SqlLiteralKind Kind { get; } = kind;

    public string Text { get; } = text;
}

/// <summary>Unary minus ("-") or NOT.</summary>
internal sealed class UnaryExpr(string op, SqlExpr operand, int position) : SqlExpr(position, DepthOf(operand))
{
    public string Op { get; } = op;

    public SqlExpr Operand { get; } = operand;
}

/// <summary>Arithmetic (+ - * / %), comparison (= &lt;&gt; &lt; &lt;= &gt; &gt;=) or logic (AND OR).</summary>
internal sealed class BinaryExpr(string op, SqlExpr left, SqlExpr right) : SqlExpr(left.Position, DepthOf(left, right))
{
    public string Op { get; } = op;

    public SqlExpr Left { get; } = left;

    public SqlExpr Right { get; } = right;
}

internal sealed class IsNullExpr(SqlExpr operand, bool negated) : SqlExpr(operand.Position, DepthOf(operand))
{
    public SqlExpr Operand { get; } = operand;

    public bool Negated { get; } = negated;
}

internal sealed class BetweenExpr(SqlExpr operand, SqlExpr low, SqlExpr high, bool negated)
    : SqlExpr(operand.Position, DepthOf(operand, low, high))
{
    public SqlExpr Operand { get; } = operand;

    public SqlExpr Low { get; } = low;

    public SqlExpr High { get; } = high;

    public bool Negated { get; } = negated;
}

/// <summary>x [NOT] IN (literal, ...): the list holds literals only (a negative number is a unary minus on one).</summary>
internal sealed class InListExpr(SqlExpr operand, ImmutableArray<SqlExpr> values, bool negated)
    : SqlExpr(operand.Position, DepthOf(operand) + 1)
{
    public SqlExpr Operand { get; } = operand;

    public ImmutableArray<SqlExpr> Values { get; } = values;

    public bool Negated { get; } = negated;
}

internal sealed record CaseBranch(SqlExpr When, SqlExpr Then);

/// <summary>Searched CASE: CASE WHEN c THEN v ... [ELSE e] END.</summary>
internal sealed class CaseExpr(ImmutableArray<CaseBranch> branches, SqlExpr? elseValue, int position)
    : SqlExpr(position, CaseDepth(branches, elseValue))
{
    public ImmutableArray<CaseBranch> Branches { get; } = branches;

    public SqlExpr? Else { get; } = elseValue;

    private static int CaseDepth(ImmutableArray<CaseBranch> branches, SqlExpr? elseValue)
    {
        int depth = elseValue?.Depth ?? 0;
        foreach (CaseBranch branch in branches)
        {
            depth = Math.Max(depth, Math.Max(branch.When.Depth, branch.Then.Depth));
        }
        return depth + 1;
    }
}

/// <summary>A whitelisted scalar function (<see cref="SqlFunctions"/>); the name is lower case.</summary>
internal sealed class FunctionExpr(string name, ImmutableArray<SqlExpr> arguments, int position)
    : SqlExpr(position, arguments.IsEmpty ? 1 : arguments.Max(a => a.Depth) + 1)
{
    public string Name { get; } = name;

    public ImmutableArray<SqlExpr> Arguments { get; } = arguments;
}

/// <summary>CAST(x AS type) with a whitelisted type name (upper case).</summary>
internal sealed class CastExpr(SqlExpr operand, string typeName, int position) : SqlExpr(position, DepthOf(operand))
{
    public SqlExpr Operand { get; } = operand;

    public string TypeName { get; } = typeName;
}

/// <summary>A signed numeric literal used as a bound: its text as written ("-5", "0.5") and its value.</summary>
internal readonly record struct SqlNumber(string Text, decimal Value)
{
    /// <summary>The literal as fragment SQL: a negative one in parentheses, so no "- -5" can ever read as "--".</summary>
    public string Sql => Text.StartsWith('-') ? $"({Text})" : Text;
}

/// <summary>
/// clamp(x, lo, hi): x limited to [lo, hi] with literal bounds. Bunsan's own function: it is what makes a
/// sum's sensitivity finite (one row moves a clamped sum by at most max(|lo|, |hi|)); sites run it as
/// greatest(lo, least(hi, x)).
/// </summary>
internal sealed class ClampExpr(SqlExpr operand, SqlNumber low, SqlNumber high, int position) : SqlExpr(position, DepthOf(operand))
{
    public SqlExpr Operand { get; } = operand;

    public SqlNumber Low { get; } = low;

    public SqlNumber High { get; } = high;

    /// <summary>The largest magnitude a clamped value can have.</summary>
    public decimal Bound => Math.Max(Math.Abs(Low.Value), Math.Abs(High.Value));
}
