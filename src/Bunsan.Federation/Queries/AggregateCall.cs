namespace Bunsan.Federation.Queries;

/// <summary>The aggregates Bunsan computes: each decomposes into integer partials that sites can sum.</summary>
internal enum AggregateKind
{
    CountStar,
    Count,
    Sum,
    Avg,
    VarSamp,
    VarPop,
    StddevSamp,
    StddevPop,
    Histogram,
}

/// <summary>HISTOGRAM(x, lo, hi, buckets): equal-width buckets over [lo, hi), plus underflow and overflow.</summary>
internal sealed record HistogramSpec(SqlNumber Low, SqlNumber High, int Buckets)
{
    public const int MaxBuckets = 1000;

    /// <summary>Bucket width (rounded to 28 digits when hi − lo does not divide evenly; labels only).</summary>
    public decimal Width => (High.Value - Low.Value) / Buckets;
}

/// <summary>An aggregate SELECT item. <see cref="Argument"/> is null only for COUNT(*).</summary>
internal sealed record AggregateCall(AggregateKind Kind, SqlExpr? Argument, HistogramSpec? Histogram, int Position)
{
    /// <summary>The canonical function name, as the canonical text writes it.</summary>
    public string Name => Kind switch
    {
        AggregateKind.CountStar or AggregateKind.Count => "count",
        AggregateKind.Sum => "sum",
        AggregateKind.Avg => "avg",
        AggregateKind.VarSamp => "var_samp",
        AggregateKind.VarPop => "var_pop",
        AggregateKind.StddevSamp => "stddev_samp",
        AggregateKind.StddevPop => "stddev_pop",
        AggregateKind.Histogram => "histogram",
        _ => throw new InvalidOperationException($"unknown aggregate {Kind}"),
    };

    /// <summary>Whether the aggregate needs the fixed-point sum of its argument (and so a numeric argument).</summary>
    public bool NeedsSum => Kind is AggregateKind.Sum or AggregateKind.Avg || NeedsSquares;

    public bool NeedsSquares => Kind is AggregateKind.VarSamp or AggregateKind.VarPop or AggregateKind.StddevSamp or AggregateKind.StddevPop;
}

/// <summary>One SELECT item as parsed: an aggregate, or an expression that must be a GROUP BY expression.</summary>
internal sealed record SelectItem(AggregateCall? Aggregate, SqlExpr? Expression, string? Alias, int Position);

/// <summary>The whole statement as parsed, before validation.</summary>
internal sealed record ParsedQuery(
    System.Collections.Immutable.ImmutableArray<SelectItem> Items,
    string Source,
    bool IsFederation,
    SqlExpr? Where,
    System.Collections.Immutable.ImmutableArray<SqlExpr> GroupBy);
