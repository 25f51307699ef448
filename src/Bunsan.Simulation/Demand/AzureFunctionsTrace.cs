using System.Collections.Immutable;

namespace Bunsan.Simulation.Demand;

/// <summary>
/// A parsed Azure Functions 2019 trace (Shahrad et al., ATC 2020): per-minute invocation counts per function,
/// joined by HashFunction with the execution-time percentiles of the matching <c>_run.csv</c>.
/// </summary>
public sealed class AzureFunctionsTrace
{
    private AzureFunctionsTrace(ImmutableArray<TraceFunction> functions, int minutes, long totalInvocations)
    {
        Functions = functions;
        Minutes = minutes;
        TotalInvocations = totalInvocations;
    }

    /// <summary>The functions in file order.</summary>
    public ImmutableArray<TraceFunction> Functions { get; }

    /// <summary>Minutes covered by the trace (the number of minute_* columns).</summary>
    public int Minutes { get; }

    public long TotalInvocations { get; }

    /// <summary>
    /// Reads <c>HashFunction,HashApp,HashOwner,minute_1..minute_N</c> and, when <paramref name="runtimes"/> is given,
    /// the matching <c>_run.csv</c>. Streams both: the only strings built are one per line and one key per row
    /// (the 1,000-function, 3.25 MB sample reads in well under a second).
    /// </summary>
    /// <param name="error">On failure: the file, line, column and how to fix it.</param>
    public static bool TryParse(TextReader invocations, TextReader? runtimes, out AzureFunctionsTrace? trace, out string? error)
    {
        ArgumentNullException.ThrowIfNull(invocations);
        trace = null;
        Dictionary<string, ExecutionPercentiles>? execution = null;
        if (runtimes is not null && !AzureRuntimesReader.TryRead(runtimes, out execution, out error))
        {
            return false;
        }

        string? header = invocations.ReadLine();
        if (!TryReadHeader(header, out int minutes, out error))
        {
            return false;
        }

        var functions = ImmutableArray.CreateBuilder<TraceFunction>();
        var firstLineOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        long total = 0;
        int lineNumber = 1;
        string? line;
        while ((line = invocations.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            if (!TryReadRow(line, lineNumber, minutes, out string key, out int[] counts, out long rowTotal, out error))
            {
                return false;
            }
            if (!firstLineOfKey.TryAdd(key, lineNumber))
            {
                error = $"invocations line {lineNumber}, column 1 (HashFunction): function {key} already appears on line {firstLineOfKey[key]}: keep one row per function";
                return false;
            }
            ExecutionPercentiles? exec = execution is not null && execution.TryGetValue(key, out var e) ? e : null;
            functions.Add(new TraceFunction(key, counts, exec));
            total += rowTotal;
        }
        if (functions.Count == 0)
        {
            error = "invocations: the file has a header but no function rows: give at least one HashFunction,HashApp,HashOwner,minute_1.. row";
            return false;
        }
        trace = new AzureFunctionsTrace(functions.ToImmutable(), minutes, total);
        error = null;
        return true;
    }

    private static bool TryReadHeader(string? header, out int minutes, out string? error)
    {
        minutes = 0;
        if (header is null)
        {
            error = "invocations line 1: the file is empty: expected the header HashFunction,HashApp,HashOwner,minute_1,..,minute_N";
            return false;
        }
        var cells = new CsvCells(header);
        ReadOnlySpan<string> keys = ["HashFunction", "HashApp", "HashOwner"];
        int column = 0;
        while (cells.TryNext(out ReadOnlySpan<char> cell))
        {
            column++;
            cell = CsvCells.Unquote(cell.Trim());
            bool ok = column <= 3
                ? cell.SequenceEqual(keys[column - 1])
                : cell.StartsWith("minute_", StringComparison.Ordinal) && int.TryParse(cell[7..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int m) && m == column - 3;
            if (!ok)
            {
                string expected = column <= 3 ? keys[column - 1] : $"minute_{column - 3}";
                error = $"invocations line 1, column {column}: header '{cell}' should be '{expected}': the Azure Functions 2019 format is HashFunction,HashApp,HashOwner,minute_1,..,minute_N";
                return false;
            }
        }
        minutes = column - 3;
        if (minutes < 1)
        {
            error = "invocations line 1: the header has no minute_1.. columns: the Azure Functions 2019 format is HashFunction,HashApp,HashOwner,minute_1,..,minute_N";
            return false;
        }
        error = null;
        return true;
    }

    private static bool TryReadRow(string line, int lineNumber, int minutes, out string key, out int[] counts, out long rowTotal, out string? error)
    {
        var cells = new CsvCells(line);
        counts = new int[minutes];
        key = "";
        rowTotal = 0;
        int column = 0;
        while (cells.TryNext(out ReadOnlySpan<char> cell))
        {
            column++;
            if (column == 1)
            {
                cell = CsvCells.Unquote(cell.Trim());
                if (cell.IsEmpty)
                {
                    error = $"invocations line {lineNumber}, column 1 (HashFunction): the function key is empty: give each row a HashFunction";
                    return false;
                }
                key = cell.ToString();
                continue;
            }
            if (column <= 3)
            {
                continue;
            }
            if (column > minutes + 3)
            {
                error = $"invocations line {lineNumber}: the row has more than the header's {minutes + 3} columns: give every row one count per minute_* column";
                return false;
            }
            if (!CsvCells.TryParseCount(cell, out int count))
            {
                string what = cell.Trim().StartsWith('-') ? "is negative" : "is not a whole number of invocations";
                error = $"invocations line {lineNumber}, column {column} (minute_{column - 3}): '{cell}' {what}: write a count from 0 to {int.MaxValue}";
                return false;
            }
            counts[column - 4] = count;
            rowTotal += count;
        }
        if (column != minutes + 3)
        {
            error = $"invocations line {lineNumber}: the row has {column} columns but the header has {minutes + 3}: give every row one count per minute_* column";
            return false;
        }
        error = null;
        return true;
    }
}
