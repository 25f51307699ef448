namespace Bunsan.Federation.Queries;

/// <summary>
/// Sums travel as integers so that secure aggregation (modular arithmetic) can mask them: a value x
/// becomes round(x · 10^6), i.e. x rounded to 6 decimals (DuckDB's CAST(x AS DECIMAL(38,6))), and a square
/// becomes round(r² · 10^6) of that rounded r. Resolution: 10^-6 per row for sums, 10^-6 per row for sums
/// of squares. Values with at most 6 decimals sum exactly; with at most 3, their squares do too.
/// </summary>
public static class FixedPoint
{
    public const int Digits = 6;

    public const long Scale = 1_000_000;

    /// <summary>The site SQL turning an expression into its fixed-point HUGEINT.</summary>
    internal static string ToFixedSql(string expression) => $"CAST(CAST({expression} AS DECIMAL(38,{Digits})) * {Scale} AS HUGEINT)";

    /// <summary>The site SQL for round(r² · 10^6) of a fixed-point column f = r · 10^6: (f² + 10^6/2) div 10^6, never negative.</summary>
    internal static string SquareSql(string fixedColumn) => $"(({fixedColumn} * {fixedColumn}) + {Scale / 2}) // {Scale}";
}
