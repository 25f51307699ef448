using System.Numerics;

namespace Bunsan.Agent.Data;

/// <summary>
/// Turns what DuckDB.NET reads from a group-key column into a <see cref="Federation.Queries.GroupKey"/> value:
/// integers of every width → long, FLOAT/DOUBLE → double, DECIMAL → decimal, VARCHAR → string, BOOLEAN → bool,
/// DATE → DateOnly, TIMESTAMP → DateTime, TIMESTAMPTZ → its UTC DateTime. Anything else (TIME, INTERVAL, UUID,
/// BLOB, lists, integers beyond 64 bits) is refused with the fix: cast the key to VARCHAR or BIGINT.
/// </summary>
internal static class DuckDbKeyValues
{
    private static readonly object Unsupported = new();

    public static bool TryConvert(object? value, out object? key, out string? problem)
    {
        object? converted = value switch
        {
            null or DBNull => null,
            bool or long or double or decimal or string or DateOnly => value,
            int i => (long)i,
            short s => (long)s,
            sbyte b => (long)b,
            byte b => (long)b,
            ushort u => (long)u,
            uint u => (long)u,
            ulong u when u <= long.MaxValue => (long)u,
            BigInteger big when big >= long.MinValue && big <= long.MaxValue => (long)big,
            float f => (double)f,
            DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Unspecified),
            DateTimeOffset offset => offset.UtcDateTime,
            _ => Unsupported,
        };
        if (ReferenceEquals(converted, Unsupported))
        {
            key = null;
            problem = $"a group key of type {value!.GetType().Name} ({Shorten(value)}) cannot be exchanged: group by CAST(… AS VARCHAR) or CAST(… AS BIGINT)";
            return false;
        }
        key = converted;
        problem = null;
        return true;
    }

    private static string Shorten(object value)
    {
        string text = value.ToString() ?? "";
        return text.Length > 32 ? text[..32] + "…" : text;
    }
}
