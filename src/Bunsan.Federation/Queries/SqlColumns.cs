namespace Bunsan.Federation.Queries;

/// <summary>Which dataset columns a query reads: a site checks each exists in each dataset before running the fragment.</summary>
internal static class SqlColumns
{
    /// <summary>The dataset columns an expression reads, in order of first appearance.</summary>
    public static void Collect(SqlExpr? expression, List<string> columns)
    {
        switch (expression)
        {
            case null or LiteralExpr:
                break;
            case ColumnExpr column:
                // DuckDB resolves names case-insensitively, quoted or not: so does this list.
                if (!columns.Contains(column.Name, StringComparer.OrdinalIgnoreCase))
                {
                    columns.Add(column.Name);
                }
                break;
            case UnaryExpr unary:
                Collect(unary.Operand, columns);
                break;
            case BinaryExpr binary:
                Collect(binary.Left, columns);
                Collect(binary.Right, columns);
                break;
            case IsNullExpr isNull:
                Collect(isNull.Operand, columns);
                break;
            case BetweenExpr between:
                Collect(between.Operand, columns);
                Collect(between.Low, columns);
                Collect(between.High, columns);
                break;
            case InListExpr inList:
                Collect(inList.Operand, columns);
                break;
            case CaseExpr caseExpr:
                foreach (CaseBranch branch in caseExpr.Branches)
                {
                    Collect(branch.When, columns);
                    Collect(branch.Then, columns);
                }
                Collect(caseExpr.Else, columns);
                break;
            case FunctionExpr function:
                foreach (SqlExpr argument in function.Arguments)
                {
                    Collect(argument, columns);
                }
                break;
            case CastExpr cast:
                Collect(cast.Operand, columns);
                break;
            case ClampExpr clamp:
                Collect(clamp.Operand, columns);
                break;
            default:
                throw new InvalidOperationException($"no column walk for {expression.GetType().Name}");
        }
    }
}
