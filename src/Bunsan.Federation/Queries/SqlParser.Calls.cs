using System.Collections.Immutable;

namespace Bunsan.Federation.Queries;

/// <summary>Function calls inside expressions: whitelisted scalars, clamp, date_trunc and CAST; aggregates are refused here.</summary>
internal sealed partial class SqlParser
{
    private SqlExpr ParseCall(SqlToken nameToken)
    {
        string name = nameToken.Text.ToLowerInvariant();
        string shown = name.ToUpperInvariant();
        if (name == "cast")
        {
            return ParseCast(nameToken);
        }
        if (name == "exists")
        {
            throw new SqlRejection($"subqueries (EXISTS at position {nameToken.Position}) are not supported");
        }
        if (SqlFunctions.Aggregates.ContainsKey(name))
        {
            throw new SqlRejection(_context switch
            {
                ExprContext.Where => $"aggregates are not allowed in WHERE ({shown} at position {nameToken.Position}): WHERE filters rows, and HAVING is not supported",
                ExprContext.GroupBy => $"aggregates are not allowed in GROUP BY ({shown} at position {nameToken.Position}): group by row expressions",
                ExprContext.AggregateArgument => $"aggregates may not nest ({shown} at position {nameToken.Position} is inside another aggregate)",
                _ => $"the aggregate {shown} at position {nameToken.Position} is inside an expression: select aggregates on their own and combine the answers afterwards",
            });
        }
        if (SqlFunctions.Refused.Contains(name))
        {
            throw new SqlRejection($"{shown} (position {nameToken.Position}) is not supported: such aggregates reveal single rows or are not decomposable into per-site sums; use COUNT, SUM, AVG, VAR_SAMP, STDDEV_SAMP or HISTOGRAM");
        }
        if (!SqlFunctions.Scalars.TryGetValue(name, out (int Min, int Max) arity))
        {
            throw new SqlRejection($"the function {name} (position {nameToken.Position}) is not supported: allowed are {SqlFunctions.AllowedText}");
        }
        Take();
        Take();
        if (name == "clamp")
        {
            return ParseClamp(nameToken);
        }
        if (name == "date_trunc")
        {
            return ParseDateTrunc(nameToken);
        }
        var arguments = ImmutableArray.CreateBuilder<SqlExpr>();
        if (!Peek().IsSymbol(")"))
        {
            do
            {
                arguments.Add(ParseNested());
            }
            while (TakeSymbol(","));
        }
        ExpectSymbol(")", $"to close {name}(");
        if (arguments.Count < arity.Min || arguments.Count > arity.Max)
        {
            string expected = arity.Min == arity.Max ? $"{arity.Min}" : arity.Max == 64 ? $"at least {arity.Min}" : $"{arity.Min} or {arity.Max}";
            throw new SqlRejection($"{name} at position {nameToken.Position} takes {expected} argument(s), not {arguments.Count}");
        }
        return Checked(new FunctionExpr(name, arguments.ToImmutable(), nameToken.Position));
    }

    private SqlExpr ParseClamp(SqlToken nameToken)
    {
        SqlExpr operand = ParseNested();
        ExpectSymbol(",", "then clamp's lower bound: clamp(x, lo, hi)");
        SqlNumber low = ParseSignedNumber("clamp's lower bound");
        ExpectSymbol(",", "then clamp's upper bound: clamp(x, lo, hi)");
        SqlNumber high = ParseSignedNumber("clamp's upper bound");
        ExpectSymbol(")", "to close clamp(x, lo, hi)");
        return low.Value <= high.Value
            ? Checked(new ClampExpr(operand, low, high, nameToken.Position))
            : throw new SqlRejection($"clamp at position {nameToken.Position}: the lower bound {low.Text} is above the upper bound {high.Text}");
    }

    private SqlExpr ParseDateTrunc(SqlToken nameToken)
    {
        SqlToken unit = Take();
        string part = unit.Text.ToLowerInvariant();
        if (unit.Kind != SqlTokenKind.String || !SqlFunctions.DateTruncUnits.Contains(part))
        {
            throw new SqlRejection($"date_trunc's unit ({unit.Describe()}) must be one of {string.Join(", ", SqlFunctions.DateTruncUnits.Order(StringComparer.Ordinal).Select(u => $"'{u}'"))}");
        }
        ExpectSymbol(",", "then the date: date_trunc('unit', x)");
        SqlExpr operand = ParseNested();
        ExpectSymbol(")", "to close date_trunc('unit', x)");
        return Checked(new FunctionExpr("date_trunc", [new LiteralExpr(SqlLiteralKind.String, part, unit.Position), operand], nameToken.Position));
    }

    private SqlExpr ParseCast(SqlToken nameToken)
    {
        Take();
        Take();
        SqlExpr operand = ParseNested();
        if (!TakeKeyword("as"))
        {
            throw Unexpected(Peek(), "expected AS in CAST(x AS type)");
        }
        SqlToken type = Take();
        string typeName = type.Text.ToUpperInvariant();
        if (type.Kind != SqlTokenKind.Word || !SqlFunctions.CastTypes.Contains(typeName) || Peek().IsSymbol("("))
        {
            throw new SqlRejection($"CAST to {type.Describe()} is not supported: cast to DOUBLE, BIGINT, INTEGER, VARCHAR or DATE");
        }
        ExpectSymbol(")", "to close CAST(");
        return Checked(new CastExpr(operand, typeName, nameToken.Position));
    }
}
