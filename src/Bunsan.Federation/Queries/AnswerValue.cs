using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Bunsan.Federation.Queries;

public enum AnswerKind
{
    Null,
    WholeNumber,
    ExactNumber,
    RealNumber,
    Text,
    Boolean,
    Date,
    Timestamp,
    Histogram,
}

/// <summary>One histogram bucket: [Low, High), where null means unbounded (the underflow and overflow buckets).</summary>
public sealed record HistogramBucket(decimal? Low, decimal? High, long Count);

/// <summary>
/// One cell of an answer. COUNT gives WholeNumber (long), SUM ExactNumber (decimal), AVG/VAR/STDDEV RealNumber (double), HISTOGRAM
/// Histogram, a group key whatever its value is. JSON (<see cref="AnswerValueJsonConverter"/>) writes plain
/// values: numbers, strings, booleans, null, dates as "yyyy-mm-dd", histograms as arrays of {lo, hi, count}.
/// </summary>
[JsonConverter(typeof(AnswerValueJsonConverter))]
public sealed record AnswerValue
{
    private AnswerValue(AnswerKind kind, object? value)
    {
        Kind = kind;
        Value = value;
    }

    public static AnswerValue Null { get; } = new(AnswerKind.Null, null);

    public AnswerKind Kind { get; }

    /// <summary>long, decimal, double, string, bool, DateOnly, DateTime, ImmutableArray&lt;HistogramBucket&gt; or null.</summary>
    public object? Value { get; }

    public static AnswerValue Of(long value) => new(AnswerKind.WholeNumber, value);

    public static AnswerValue Of(decimal value) => new(AnswerKind.ExactNumber, value);

    public static AnswerValue Of(double value) => new(AnswerKind.RealNumber, value);

    public static AnswerValue Of(ImmutableArray<HistogramBucket> buckets) => new(AnswerKind.Histogram, buckets);

    /// <summary>The answer cell for a group-key value (see <see cref="GroupKey"/> for the value types).</summary>
    public static AnswerValue OfKey(object? value) => value switch
    {
        null => Null,
        long number => Of(number),
        decimal exact => Of(exact),
        double real => Of(real),
        string text => new(AnswerKind.Text, text),
        bool flag => new(AnswerKind.Boolean, flag),
        DateOnly date => new(AnswerKind.Date, date),
        DateTime time => new(AnswerKind.Timestamp, time),
        _ => throw new ArgumentException($"not a group key value: {value.GetType().Name}", nameof(value)),
    };

    public override string ToString() => Value switch
    {
        null => "NULL",
        ImmutableArray<HistogramBucket> buckets => "[" + string.Join(", ", buckets.Select(b => $"[{b.Low?.ToString() ?? "-inf"}, {b.High?.ToString() ?? "inf"}): {b.Count}")) + "]",
        _ => Value.ToString() ?? "",
    };
}

/// <summary>The combined answer: named columns, rows ordered by group key, and how many groups were withheld as too small.</summary>
public sealed record QueryAnswer(ImmutableArray<string> Columns, ImmutableArray<ImmutableArray<AnswerValue>> Rows, int SuppressedGroups);

/// <summary>One group's partials summed over all sites (masked, possibly with differential-privacy noise added).</summary>
public sealed record GroupTotals(GroupKey Key, long[] Totals);
