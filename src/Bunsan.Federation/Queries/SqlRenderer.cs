using System.Text;

namespace Bunsan.Federation.Queries;

/// <summary>
/// Writes SQL from the AST — the only SQL Bunsan ever produces. Every operation is parenthesised and every
/// identifier quoted, so the text means exactly the tree, whatever the reader's precedence rules.
/// The canonical form (what the ledger records and the hash covers) keeps clamp(x, lo, hi); the fragment
/// form, which DuckDB runs, writes it as greatest(lo, least(hi, x)).
/// </summary>
internal static class SqlRenderer
{
    public static string Canonical(SqlExpr expression) => Render(expression, fragment: false);

    public static string Fragment(SqlExpr expression) => Render(expression, fragment: true);

    /// <summary>An aggregate in canonical form: count(*), sum("x"), histogram("x", 0, 60, 12).</summary>
    public static string Canonical(AggregateCall aggregate)
    {
        if (aggregate.Kind == AggregateKind.CountStar)
        {
            return "count(*)";
        }
        string argument = Canonical(aggregate.Argument!);
        return aggregate.Histogram is { } h
            ? $"histogram({argument}, {h.Low.Text}, {h.High.Text}, {h.Buckets})"
            : $"{aggregate.Name}({argument})";
    }

    private static string Render(SqlExpr expression, bool fragment)
    {
        var text = new StringBuilder();
        Write(text, expression, fragment);
        return text.ToString();
    }

    private static void Write(StringBuilder text, SqlExpr expression, bool fragment)
    {
        switch (expression)
        {
            case ColumnExpr column:
                text.Append(SqlNames.Quote(column.Name));
                break;
            case LiteralExpr literal:
                text.Append(literal.Kind switch
                {
                    SqlLiteralKind.String => SqlNames.QuoteString(literal.Text),
                    SqlLiteralKind.Date => "DATE " + SqlNames.QuoteString(literal.Text),
                    _ => literal.Text,
                });
                break;
            case UnaryExpr unary:
                text.Append('(').Append(unary.Op == "NOT" ? "NOT " : "-");
                Write(text, unary.Operand, fragment);
                text.Append(')');
                break;
            case BinaryExpr binary:
                text.Append('(');
                Write(text, binary.Left, fragment);
                text.Append(' ').Append(binary.Op).Append(' ');
                Write(text, binary.Right, fragment);
                text.Append(')');
                break;
            case IsNullExpr isNull:
                text.Append('(');
                Write(text, isNull.Operand, fragment);
                text.Append(isNull.Negated ? " IS NOT NULL)" : " IS NULL)");
                break;
            case BetweenExpr between:
                text.Append('(');
                Write(text, between.Operand, fragment);
                text.Append(between.Negated ? " NOT BETWEEN " : " BETWEEN ");
                Write(text, between.Low, fragment);
                text.Append(" AND ");
                Write(text, between.High, fragment);
                text.Append(')');
                break;
            case InListExpr inList:
                text.Append('(');
                Write(text, inList.Operand, fragment);
                text.Append(inList.Negated ? " NOT IN (" : " IN (");
                // A list holds literals only, so a negative number is written bare (-1): after "(" or ", " it cannot form "--".
                text.AppendJoin(", ", inList.Values.Select(v => v is UnaryExpr { Operand: LiteralExpr negated } ? "-" + negated.Text : Canonical(v)));
                text.Append("))");
                break;
            case CaseExpr caseExpr:
                text.Append("CASE");
                foreach (CaseBranch branch in caseExpr.Branches)
                {
                    text.Append(" WHEN ");
                    Write(text, branch.When, fragment);
                    text.Append(" THEN ");
                    Write(text, branch.Then, fragment);
                }
                if (caseExpr.Else is not null)
                {
                    text.Append(" ELSE ");
                    Write(text, caseExpr.Else, fragment);
                }
                text.Append(" END");
                break;
            case FunctionExpr function:
                text.Append(function.Name).Append('(');
                WriteList(text, function.Arguments, fragment);
                text.Append(')');
                break;
            case CastExpr cast:
                text.Append("CAST(");
                Write(text, cast.Operand, fragment);
                text.Append(" AS ").Append(cast.TypeName).Append(')');
                break;
            case ClampExpr clamp when fragment:
                text.Append("greatest(").Append(clamp.Low.Sql).Append(", least(").Append(clamp.High.Sql).Append(", ");
                Write(text, clamp.Operand, fragment);
                text.Append("))");
                break;
            case ClampExpr clamp:
                text.Append("clamp(");
                Write(text, clamp.Operand, fragment);
                text.Append(", ").Append(clamp.Low.Text).Append(", ").Append(clamp.High.Text).Append(')');
                break;
            default:
                throw new InvalidOperationException($"no rendering for {expression.GetType().Name}");
        }
    }

    private static void WriteList(StringBuilder text, IEnumerable<SqlExpr> items, bool fragment)
    {
        bool first = true;
        foreach (SqlExpr item in items)
        {
            text.Append(first ? "" : ", ");
            Write(text, item, fragment);
            first = false;
        }
    }
}
