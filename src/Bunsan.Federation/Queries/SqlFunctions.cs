using System.Collections.Frozen;

namespace Bunsan.Federation.Queries;

/// <summary>
/// What may be called. A whitelist, not a blacklist: anything not named here (read_csv, glob, getenv,
/// current_setting, pragma functions, …) is rejected with the list of what is allowed.
/// </summary>
internal static class SqlFunctions
{
    /// <summary>Scalar functions and how many arguments each takes (clamp and date_trunc are parsed specially).</summary>
    public static FrozenDictionary<string, (int Min, int Max)> Scalars { get; } = new Dictionary<string, (int, int)>
    {
        ["year"] = (1, 1),
        ["month"] = (1, 1),
        ["day"] = (1, 1),
        ["dayofweek"] = (1, 1),
        ["hour"] = (1, 1),
        ["date_trunc"] = (2, 2),
        ["abs"] = (1, 1),
        ["round"] = (1, 2),
        ["floor"] = (1, 1),
        ["ceil"] = (1, 1),
        ["least"] = (2, 64),
        ["greatest"] = (2, 64),
        ["coalesce"] = (1, 64),
        ["lower"] = (1, 1),
        ["upper"] = (1, 1),
        ["length"] = (1, 1),
        ["clamp"] = (3, 3),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The units date_trunc accepts.</summary>
    public static FrozenSet<string> DateTruncUnits { get; } =
        new[] { "year", "quarter", "month", "week", "day", "hour", "minute", "second" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The types CAST accepts.</summary>
    public static FrozenSet<string> CastTypes { get; } =
        new[] { "DOUBLE", "BIGINT", "INTEGER", "VARCHAR", "DATE" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The aggregates Bunsan computes, by every name they are spelled with.</summary>
    public static FrozenDictionary<string, AggregateKind> Aggregates { get; } = new Dictionary<string, AggregateKind>
    {
        ["count"] = AggregateKind.Count,
        ["sum"] = AggregateKind.Sum,
        ["avg"] = AggregateKind.Avg,
        ["var_samp"] = AggregateKind.VarSamp,
        ["variance"] = AggregateKind.VarSamp,
        ["var_pop"] = AggregateKind.VarPop,
        ["stddev_samp"] = AggregateKind.StddevSamp,
        ["stddev"] = AggregateKind.StddevSamp,
        ["stddev_pop"] = AggregateKind.StddevPop,
        ["histogram"] = AggregateKind.Histogram,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Aggregates that answer with one row's value, or that sums of per-site partials cannot give.</summary>
    public static FrozenSet<string> Refused { get; } = new[]
    {
        "min", "max", "any_value", "arbitrary", "first", "last", "list", "array_agg", "string_agg", "group_concat",
        "listagg", "mode", "median", "quantile", "quantile_cont", "quantile_disc", "percentile_cont", "percentile_disc",
        "approx_quantile", "reservoir_quantile", "arg_min", "arg_max", "argmin", "argmax", "min_by", "max_by",
    }.ToFrozenSet(StringComparer.Ordinal);

    public const string AllowedText =
        "aggregates COUNT, SUM, AVG, VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP, HISTOGRAM; scalar functions year, month, day, " +
        "dayofweek, hour, date_trunc, abs, round, floor, ceil, least, greatest, coalesce, lower, upper, length, clamp; CAST";
}
