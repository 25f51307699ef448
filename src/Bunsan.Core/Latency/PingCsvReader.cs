using System.Collections.Immutable;
using System.Globalization;
using Bunsan.Core.Geo;

namespace Bunsan.Core.Latency;

/// <summary>The pings read from a file: directed pairs between known servers, and what had to be skipped.</summary>
/// <param name="RowsWithUnknownServer">Rows naming a server id absent from the server list (skipped, counted).</param>
public sealed record PingTable(ImmutableArray<PingPair> Pairs, int RowsRead, int RowsWithUnknownServer, ImmutableArray<int> UnknownServerIds);

/// <summary>
/// Parses the WonderNetwork ping dataset's two CSV files (servers: id,…,latitude,longitude; pings:
/// source,destination,min,avg,…). Columns are found by header name, so extra columns are fine. Errors name the
/// line, the column and the fix. Plain comma-separated text only: the files carry no quoted fields.
/// </summary>
public static class PingCsvReader
{
    public static bool TryReadServers(TextReader reader, out IReadOnlyDictionary<int, PingServer> servers, out string? error)
    {
        servers = new Dictionary<int, PingServer>();
        var result = new Dictionary<int, PingServer>();
        if (!TryHeader(reader, ["id", "name", "country", "latitude", "longitude"], out int[] col, out error))
        {
            return false;
        }
        int line = 1;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }
            string[] cells = text.Split(',');
            if (!TryCells(cells, col, line, out error) ||
                !TryInt(cells, col[0], "id", line, out int id, out error) ||
                !TryDouble(cells, col[3], "latitude", line, out double lat, out error) ||
                !TryDouble(cells, col[4], "longitude", line, out double lon, out error))
            {
                return false;
            }
            if (!GeoPoint.TryCreate(lat, lon, 0, out GeoPoint location, out string? geoError))
            {
                error = $"line {line}: {geoError}";
                return false;
            }
            if (!result.TryAdd(id, new PingServer(id, cells[col[1]], cells[col[2]], location)))
            {
                error = $"line {line}, column {col[0] + 1} (id): server id {id} appears twice: give each server one line";
                return false;
            }
        }
        servers = result;
        return true;
    }

    public static bool TryReadPings(TextReader reader, IReadOnlyDictionary<int, PingServer> servers, out PingTable table, out string? error)
    {
        table = new PingTable([], 0, 0, []);
        if (!TryHeader(reader, ["source", "destination", "min", "avg"], out int[] col, out error))
        {
            return false;
        }
        var pairs = ImmutableArray.CreateBuilder<PingPair>();
        var unknown = new SortedSet<int>();
        int line = 1, rows = 0, skipped = 0;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }
            rows++;
            string[] cells = text.Split(',');
            if (!TryCells(cells, col, line, out error) ||
                !TryInt(cells, col[0], "source", line, out int source, out error) ||
                !TryInt(cells, col[1], "destination", line, out int destination, out error) ||
                !TryRtt(cells, col[2], "min", line, out double min, out error) ||
                !TryRtt(cells, col[3], "avg", line, out double avg, out error))
            {
                return false;
            }
            if (min > avg)
            {
                error = $"line {line}, column {col[2] + 1} (min): min {min} ms exceeds avg {avg} ms: check the column order (source,destination,min,avg,…)";
                return false;
            }
            bool knownSource = servers.TryGetValue(source, out PingServer? from);
            bool knownDestination = servers.TryGetValue(destination, out PingServer? to);
            if (!knownSource || !knownDestination)
            {
                skipped++;
                unknown.Add(knownSource ? destination : source);
                continue;
            }
            pairs.Add(new PingPair(source, from!.Location, destination, to!.Location, min, avg));
        }
        table = new PingTable(pairs.ToImmutable(), rows, skipped, [.. unknown]);
        return true;
    }

    private static bool TryHeader(TextReader reader, string[] names, out int[] columns, out string? error)
    {
        columns = new int[names.Length];
        string[] header = (reader.ReadLine() ?? "").Split(',', StringSplitOptions.TrimEntries);
        for (int i = 0; i < names.Length; i++)
        {
            columns[i] = Array.FindIndex(header, h => string.Equals(h, names[i], StringComparison.OrdinalIgnoreCase));
            if (columns[i] < 0)
            {
                error = $"line 1: the header has no '{names[i]}' column: the first line must name the columns {string.Join(',', names)}";
                return false;
            }
        }
        error = null;
        return true;
    }

    private static bool TryCells(string[] cells, int[] columns, int line, out string? error)
    {
        int needed = columns.Max() + 1;
        error = cells.Length < needed
            ? $"line {line}: {cells.Length} column(s) where the header needs at least {needed}: give every row the header's columns"
            : Array.Exists(cells, c => c.Contains('"', StringComparison.Ordinal))
                ? $"line {line}: quoted fields are not supported: write plain comma-separated values"
                : null;
        return error is null;
    }

    private static bool TryInt(string[] cells, int column, string name, int line, out int value, out string? error)
    {
        bool ok = int.TryParse(cells[column], NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        error = ok ? null : $"line {line}, column {column + 1} ({name}): '{cells[column]}' is not a whole number: write the server's integer id";
        return ok;
    }

    private static bool TryDouble(string[] cells, int column, string name, int line, out double value, out string? error)
    {
        bool ok = double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        error = ok ? null : $"line {line}, column {column + 1} ({name}): '{cells[column]}' is not a finite number: write decimal degrees, e.g. 35.68";
        return ok;
    }

    private static bool TryRtt(string[] cells, int column, string name, int line, out double value, out string? error)
    {
        bool ok = double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value >= 0;
        error = ok ? null : $"line {line}, column {column + 1} ({name}): '{cells[column]}' is not a round-trip time: write milliseconds as a number ≥ 0, e.g. 8.25";
        return ok;
    }
}
