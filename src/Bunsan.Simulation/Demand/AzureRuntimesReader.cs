using System.Globalization;

namespace Bunsan.Simulation.Demand;

/// <summary>Reads an Azure Functions 2019 <c>_run.csv</c> (execution-time percentiles per function, ms), columns found by name.</summary>
internal static class AzureRuntimesReader
{
    private static readonly string[] PercentileColumns =
    [
        "percentile_Average_0", "percentile_Average_1", "percentile_Average_25", "percentile_Average_50",
        "percentile_Average_75", "percentile_Average_99", "percentile_Average_100",
    ];

    public static bool TryRead(TextReader runtimes, out Dictionary<string, ExecutionPercentiles>? byKey, out string? error)
    {
        byKey = null;
        string? header = runtimes.ReadLine();
        if (header is null)
        {
            error = "runtimes line 1: the file is empty: expected the _run.csv header HashFunction,..,percentile_Average_0,..,percentile_Average_100";
            return false;
        }
        var cells = new CsvCells(header);
        var names = new List<string>();
        while (cells.TryNext(out var cell))
        {
            names.Add(CsvCells.Unquote(cell.Trim()).ToString());
        }
        int keyColumn = names.IndexOf("HashFunction");
        int[] columns = [.. PercentileColumns.Select(c => names.IndexOf(c))];
        int missing = Array.IndexOf(columns, -1);
        if (keyColumn < 0 || missing >= 0)
        {
            string name = keyColumn < 0 ? "HashFunction" : PercentileColumns[missing];
            error = $"runtimes line 1: the header has no '{name}' column: the _run.csv format is HashFunction,HashApp,HashOwner,Count,Average,Minimum,Maximum,percentile_Average_0,_1,_25,_50,_75,_99,_100";
            return false;
        }

        byKey = new Dictionary<string, ExecutionPercentiles>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var values = new double[PercentileColumns.Length];
        int lineNumber = 1;
        string? line;
        while ((line = runtimes.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            if (!TryReadRow(line, lineNumber, names, keyColumn, columns, values, out string key, out error))
            {
                byKey = null;
                return false;
            }
            if (!firstLine.TryAdd(key, lineNumber))
            {
                error = $"runtimes line {lineNumber}, column {keyColumn + 1} (HashFunction): function {key} already appears on line {firstLine[key]}: keep one row per function";
                byKey = null;
                return false;
            }
            byKey[key] = new ExecutionPercentiles(values[0], values[1], values[2], values[3], values[4], values[5], values[6]);
        }
        error = null;
        return true;
    }

    private static bool TryReadRow(string line, int lineNumber, List<string> names, int keyColumn, int[] columns, double[] values, out string key, out string? error)
    {
        key = "";
        var cells = new CsvCells(line);
        int column = -1;
        while (cells.TryNext(out var cell))
        {
            column++;
            if (column >= names.Count)
            {
                error = $"runtimes line {lineNumber}: the row has more than the header's {names.Count} columns: give every row one value per header column";
                return false;
            }
            if (column == keyColumn)
            {
                key = CsvCells.Unquote(cell.Trim()).ToString();
                continue;
            }
            int which = Array.IndexOf(columns, column);
            if (which < 0)
            {
                continue;
            }
            if (!double.TryParse(CsvCells.Unquote(cell.Trim()), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) || !double.IsFinite(ms) || ms < 0)
            {
                error = $"runtimes line {lineNumber}, column {column + 1} ({names[column]}): '{cell}' is not a non-negative number of milliseconds: write e.g. 41.5";
                return false;
            }
            values[which] = ms;
        }
        if (column + 1 != names.Count)
        {
            error = $"runtimes line {lineNumber}: the row has {column + 1} columns but the header has {names.Count}: give every row one value per header column";
            return false;
        }
        if (key.Length == 0)
        {
            error = $"runtimes line {lineNumber}, column {keyColumn + 1} (HashFunction): the function key is empty: give each row a HashFunction";
            return false;
        }
        error = null;
        return true;
    }
}
