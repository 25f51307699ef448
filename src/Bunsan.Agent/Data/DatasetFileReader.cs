using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using DuckDB.NET.Data;

namespace Bunsan.Agent.Data;

/// <summary>
/// Reads an owner's CSV or Parquet file through its own short-lived, in-memory DuckDB instance. The store's
/// database runs with external access off and locked (a fragment can read no file), and one DuckDB file
/// cannot be opened by a second instance read-write — so reading happens here, in an instance that may read
/// exactly one path (allowed_paths, then external access off, then the configuration locked), and rows are
/// appended to the store over the DuckDB appender.
/// <para>
/// Types are DuckDB's: CSV types are auto-detected by its reader from the header row and a sample. The store
/// keeps BOOLEAN, the integers, FLOAT, DOUBLE, DECIMAL up to 28 digits (wider: DOUBLE), VARCHAR, DATE and
/// TIMESTAMP; every other type (TIME, TIMESTAMPTZ, INTERVAL, lists, structs, …) is stored as VARCHAR text.
/// </para>
/// </summary>
internal sealed class DatasetFileReader : IDisposable
{
    private static readonly string[] KeptTypes =
        ["BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
         "FLOAT", "DOUBLE", "VARCHAR", "DATE", "TIMESTAMP"];

    private readonly DuckDBConnection _connection;
    private readonly string _select;
    private readonly string _path;

    private DatasetFileReader(DuckDBConnection connection, string path, string source)
    {
        _connection = connection;
        _path = path;
        var columns = ImmutableArray.CreateBuilder<DatasetColumn>();
        var projection = new List<string>();
        using (DuckDBCommand describe = Command($"DESCRIBE SELECT * FROM {source}"))
        using (DuckDBDataReader reader = describe.ExecuteReader())
        {
            while (reader.Read())
            {
                string name = reader.GetString(0), type = reader.GetString(1), stored = StoredType(type);
                columns.Add(new DatasetColumn(name, stored));
                projection.Add(stored == type ? Quote(name) : $"CAST({Quote(name)} AS {stored}) AS {Quote(name)}");
            }
        }
        Columns = columns.ToImmutable();
        _select = $"SELECT {string.Join(", ", projection)} FROM {source}";
    }

    /// <summary>The columns as the store will hold them.</summary>
    public ImmutableArray<DatasetColumn> Columns { get; }

    /// <summary>Opens <paramref name="path"/> (a full path) as "csv" or "parquet"; a DuckDBException says why it cannot be read.</summary>
    public static DatasetFileReader Open(string path, string format)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            string allowed = "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
            foreach (string setting in (string[])[$"SET allowed_paths = [{allowed}]", "SET enable_external_access = false",
                "SET autoinstall_known_extensions = false", "SET autoload_known_extensions = false", "SET lock_configuration = true"])
            {
                using var command = new DuckDBCommand(setting, connection);
                command.ExecuteNonQuery();
            }
            return new DatasetFileReader(connection, path, format == "csv" ? "read_csv($1, header = true)" : "read_parquet($1)");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Appends every row to <paramref name="table"/> (created with <see cref="Columns"/>) and returns how many.</summary>
    public long AppendTo(DuckDBConnection store, string table)
    {
        using DuckDBCommand command = Command(_select);
        using DuckDBDataReader reader = command.ExecuteReader();
        using DuckDBAppender appender = store.CreateAppender(table);
        long rows = 0;
        while (reader.Read())
        {
            IDuckDBAppenderRow row = appender.CreateRow();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                row = Append(row, reader.IsDBNull(i) ? null : reader.GetValue(i));
            }
            row.EndRow();
            rows++;
        }
        return rows;
    }

    public void Dispose() => _connection.Dispose();

    private static IDuckDBAppenderRow Append(IDuckDBAppenderRow row, object? value) => value switch
    {
        null => row.AppendNullValue(),
        bool v => row.AppendValue(v),
        sbyte v => row.AppendValue(v),
        short v => row.AppendValue(v),
        int v => row.AppendValue(v),
        long v => row.AppendValue(v),
        byte v => row.AppendValue(v),
        ushort v => row.AppendValue(v),
        uint v => row.AppendValue(v),
        ulong v => row.AppendValue(v),
        BigInteger v => row.AppendValue(v),
        float v => row.AppendValue(v),
        double v => row.AppendValue(v),
        decimal v => row.AppendValue(v),
        string v => row.AppendValue(v),
        DateOnly v => row.AppendValue(v),
        DateTime v => row.AppendValue(v),
        _ => throw new InvalidOperationException($"the reader produced a {value.GetType().Name}, which StoredType should have cast"),
    };

    private static string StoredType(string type)
    {
        if (KeptTypes.Contains(type))
        {
            return type;
        }
        if (type.StartsWith("DECIMAL(", StringComparison.Ordinal))
        {
            int width = int.Parse(type.AsSpan(8, type.IndexOf(',', StringComparison.Ordinal) - 8), CultureInfo.InvariantCulture);
            return width <= 28 ? type : "DOUBLE";
        }
        return "VARCHAR";
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private DuckDBCommand Command(string sql)
    {
        var command = new DuckDBCommand(sql, _connection);
        command.Parameters.Add(new DuckDBParameter(_path));
        return command;
    }
}
