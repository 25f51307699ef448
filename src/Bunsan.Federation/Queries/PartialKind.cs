namespace Bunsan.Federation.Queries;

/// <summary>What one integer partial of a fragment counts or sums.</summary>
public enum PartialKind
{
    /// <summary>COUNT(*) of the group's rows: used for every COUNT(*) and for minimum-group-size suppression.</summary>
    RowCount,

    /// <summary>COUNT(x): rows where the argument is not NULL.</summary>
    Count,

    /// <summary>Σ round(x · 10^6) over non-NULL x (<see cref="FixedPoint"/>).</summary>
    Sum,

    /// <summary>Σ round(x² · 10^6) over non-NULL x.</summary>
    SumOfSquares,

    /// <summary>Rows whose argument falls into one histogram bucket (underflow and overflow included).</summary>
    HistogramBucket,
}
