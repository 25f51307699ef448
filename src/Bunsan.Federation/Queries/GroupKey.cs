using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Bunsan.Federation.Queries;

/// <summary>
/// The values of one group's GROUP BY expressions. Each value is null, long, double, decimal, string, bool,
/// DateOnly or DateTime (kind dropped: DuckDB TIMESTAMPs have no zone). Value equality; a total order
/// (values compared column by column; within a column by kind — bool, long, decimal, double, string, date,
/// timestamp — then by value; NULL last, as DuckDB sorts); JSON as <see cref="GroupKeyJsonConverter"/> writes it.
/// </summary>
[JsonConverter(typeof(GroupKeyJsonConverter))]
public sealed class GroupKey : IEquatable<GroupKey>, IComparable<GroupKey>
{
    private readonly int _hash;

    public GroupKey(IEnumerable<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Values = [.. values.Select(Normalize)];
        var hash = new HashCode();
        foreach (object? value in Values)
        {
            hash.Add(value);
        }
        _hash = hash.ToHashCode();
    }

    /// <summary>The key of the single group of a query without GROUP BY.</summary>
    public static GroupKey Empty { get; } = new([]);

    public ImmutableArray<object?> Values { get; }

    public int Count => Values.Length;

    public static bool operator ==(GroupKey? left, GroupKey? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(GroupKey? left, GroupKey? right) => !(left == right);

    public static bool operator <(GroupKey? left, GroupKey? right) => Compare(left, right) < 0;

    public static bool operator <=(GroupKey? left, GroupKey? right) => Compare(left, right) <= 0;

    public static bool operator >(GroupKey? left, GroupKey? right) => Compare(left, right) > 0;

    public static bool operator >=(GroupKey? left, GroupKey? right) => Compare(left, right) >= 0;

    public bool Equals(GroupKey? other) =>
        other is not null && _hash == other._hash && Values.SequenceEqual(other.Values);

    public override bool Equals(object? obj) => Equals(obj as GroupKey);

    public override int GetHashCode() => _hash;

    public int CompareTo(GroupKey? other)
    {
        if (other is null)
        {
            return 1;
        }
        for (int i = 0; i < Math.Min(Count, other.Count); i++)
        {
            int order = CompareValues(Values[i], other.Values[i]);
            if (order != 0)
            {
                return order;
            }
        }
        return Count.CompareTo(other.Count);
    }

    public override string ToString() => "(" + string.Join(", ", Values.Select(v => v?.ToString() ?? "NULL")) + ")";

    private static int Compare(GroupKey? left, GroupKey? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static object? Normalize(object? value) => value switch
    {
        null or long or decimal or string or bool or DateOnly => value,
        // -0.0 equals 0.0 and hashes with it (double.GetHashCode normalises both), so no rewrite is needed.
        double => value,
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
        _ => throw new ArgumentException($"a group key value is null, long, double, decimal, string, bool, DateOnly or DateTime, not {value.GetType().Name}", nameof(value)),
    };

    private static int CompareValues(object? left, object? right)
    {
        int rank = Rank(left).CompareTo(Rank(right));
        if (rank != 0)
        {
            return rank;
        }
        return (left, right) switch
        {
            (bool a, bool b) => a.CompareTo(b),
            (long a, long b) => a.CompareTo(b),
            (decimal a, decimal b) => a.CompareTo(b),
            (double a, double b) => a.CompareTo(b),
            (string a, string b) => string.CompareOrdinal(a, b),
            (DateOnly a, DateOnly b) => a.CompareTo(b),
            (DateTime a, DateTime b) => a.CompareTo(b),
            _ => 0,
        };
    }

    private static int Rank(object? value) => value switch
    {
        bool => 0,
        long => 1,
        decimal => 2,
        double => 3,
        string => 4,
        DateOnly => 5,
        DateTime => 6,
        _ => 7,
    };
}
