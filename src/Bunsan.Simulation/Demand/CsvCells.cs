using System.Globalization;

namespace Bunsan.Simulation.Demand;

/// <summary>
/// Splits one CSV line into cells without allocating: quoted cells may hold commas and doubled quotes.
/// Line breaks inside quotes are not supported (none of the trace formats use them).
/// </summary>
internal ref struct CsvCells(ReadOnlySpan<char> line)
{
    private ReadOnlySpan<char> _rest = line;
    private bool _done;

    /// <summary>The next raw cell (quotes kept, see <see cref="Unquote"/>); false after the last cell.</summary>
    public bool TryNext(out ReadOnlySpan<char> cell)
    {
        if (_done)
        {
            cell = default;
            return false;
        }
        int end = _rest.Length > 0 && _rest[0] == '"' ? EndOfQuoted(_rest) : _rest.IndexOf(',');
        if (end < 0 || end >= _rest.Length)
        {
            cell = _rest;
            _done = true;
            return true;
        }
        cell = _rest[..end];
        _rest = _rest[(end + 1)..];
        return true;
    }

    /// <summary>Strips surrounding quotes; a doubled quote inside stays doubled (no key or timestamp contains one).</summary>
    public static ReadOnlySpan<char> Unquote(ReadOnlySpan<char> cell) =>
        cell.Length >= 2 && cell[0] == '"' && cell[^1] == '"' ? cell[1..^1] : cell;

    /// <summary>Parses a non-negative whole count, allowing surrounding spaces and a ".0" tail as some exports write.</summary>
    public static bool TryParseCount(ReadOnlySpan<char> cell, out int count)
    {
        cell = Unquote(cell.Trim());
        if (cell.EndsWith(".0", StringComparison.Ordinal))
        {
            cell = cell[..^2];
        }
        return int.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }

    private static int EndOfQuoted(ReadOnlySpan<char> rest)
    {
        int i = 1;
        while (i < rest.Length)
        {
            if (rest[i] == '"')
            {
                if (i + 1 < rest.Length && rest[i + 1] == '"')
                {
                    i += 2;
                    continue;
                }
                int comma = rest[(i + 1)..].IndexOf(',');
                return comma < 0 ? -1 : i + 1 + comma;
            }
            i++;
        }
        return -1;
    }
}
