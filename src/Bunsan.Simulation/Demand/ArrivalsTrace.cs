using System.Globalization;

namespace Bunsan.Simulation.Demand;

/// <summary>
/// An arrival sequence read from any CSV with an ISO-8601 <c>TIMESTAMP</c> column (found by name, case-insensitive;
/// other columns ignored; quoted cells may hold commas). Timestamps without an offset are taken as UTC.
/// </summary>
public sealed class ArrivalsTrace
{
    private readonly double[] _offsetsMs;

    private ArrivalsTrace(double[] offsetsMs) => _offsetsMs = offsetsMs;

    /// <summary>Arrival times in ms after the earliest arrival, ascending (the first is 0).</summary>
    public IReadOnlyList<double> OffsetsMs => _offsetsMs;

    public int Count => _offsetsMs.Length;

    /// <summary>Time from the first to the last arrival, ms.</summary>
    public double SpanMs => _offsetsMs.Length == 0 ? 0 : _offsetsMs[^1];

    /// <param name="error">On failure: the line, the value and how to fix it.</param>
    public static bool TryParse(TextReader csv, out ArrivalsTrace? trace, out string? error)
    {
        ArgumentNullException.ThrowIfNull(csv);
        trace = null;
        string? header = csv.ReadLine();
        int timestampColumn = header is null ? -1 : FindColumn(header, "TIMESTAMP");
        if (timestampColumn < 0)
        {
            error = "arrivals line 1: no TIMESTAMP column in the header: the file needs a column named TIMESTAMP holding ISO-8601 times such as 2019-07-15T09:30:00.125Z";
            return false;
        }

        var ticks = new List<long>();
        int lineNumber = 1;
        string? line;
        while ((line = csv.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            if (!TryReadTimestamp(line, timestampColumn, out long utcTicks, out string cellText))
            {
                error = $"arrivals line {lineNumber}, column {timestampColumn + 1} (TIMESTAMP): '{cellText}' is not an ISO-8601 time: write e.g. 2019-07-15T09:30:00.125Z or 2019-07-15 09:30:00+09:00";
                return false;
            }
            ticks.Add(utcTicks);
        }
        if (ticks.Count == 0)
        {
            error = "arrivals: the file has a header but no rows: give one row per arrival with its TIMESTAMP";
            return false;
        }

        ticks.Sort();
        long first = ticks[0];
        var offsets = new double[ticks.Count];
        for (int i = 0; i < offsets.Length; i++)
        {
            offsets[i] = (ticks[i] - first) / (double)TimeSpan.TicksPerMillisecond;
        }
        trace = new ArrivalsTrace(offsets);
        error = null;
        return true;
    }

    private static int FindColumn(string header, string name)
    {
        var cells = new CsvCells(header);
        int column = -1;
        while (cells.TryNext(out var cell))
        {
            column++;
            if (CsvCells.Unquote(cell.Trim()).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return column;
            }
        }
        return -1;
    }

    private static bool TryReadTimestamp(string line, int timestampColumn, out long utcTicks, out string cellText)
    {
        utcTicks = 0;
        var cells = new CsvCells(line);
        int column = -1;
        ReadOnlySpan<char> value = default;
        bool found = false;
        while (cells.TryNext(out var cell))
        {
            column++;
            if (column == timestampColumn)
            {
                value = CsvCells.Unquote(cell.Trim()).Trim();
                found = true;
                break;
            }
        }
        cellText = found ? value.ToString() : "(missing: the row is shorter than the header)";
        // DateTimeOffset.TryParse alone would also take "7/15/2019": insist on the ISO date shape yyyy-MM-dd first.
        bool isoDate = value.Length >= 10 && char.IsAsciiDigit(value[0]) && char.IsAsciiDigit(value[3]) && value[4] == '-' && value[7] == '-';
        if (!found || !isoDate ||
            !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return false;
        }
        utcTicks = time.UtcTicks;
        return true;
    }
}
