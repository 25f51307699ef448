using System.Collections.Immutable;
using DuckDB.NET.Data;

namespace Bunsan.Agent.Data;

/// <summary>
/// Where datasets live in the database file: dataset d is the table "ds_d" (dataset names are
/// [a-z0-9][a-z0-9._-]{0,62}, so table names never need more than quoting), and the table bunsan_datasets
/// records each dataset's origin. Loads build "load_d" and rename it, so the prefixes never collide.
/// </summary>
internal static class DatasetCatalog
{
    public static string TableOf(string dataset) => "ds_" + dataset;

    public static string StagingTableOf(string dataset) => "load_" + dataset;

    public static void Create(DuckDBConnection connection) => Execute(connection, """
        CREATE TABLE IF NOT EXISTS bunsan_datasets (
            name VARCHAR NOT NULL, format VARCHAR NOT NULL, digest VARCHAR NOT NULL,
            row_count BIGINT NOT NULL, file_bytes BIGINT NOT NULL, source_path VARCHAR NOT NULL)
        """);

    /// <summary>Replaces the record of <paramref name="dataset"/> (in the caller's transaction).</summary>
    public static void Record(DuckDBConnection connection, DatasetInfo dataset)
    {
        Forget(connection, dataset.Name);
        Execute(connection, "INSERT INTO bunsan_datasets VALUES ($1, $2, $3, $4, $5, $6)",
            dataset.Name, dataset.Format, dataset.Digest, dataset.RowCount, dataset.FileBytes, dataset.SourcePath);
    }

    public static void Forget(DuckDBConnection connection, string dataset) =>
        Execute(connection, "DELETE FROM bunsan_datasets WHERE name = $1", dataset);

    /// <summary>Every dataset, or the one named, ordered by name.</summary>
    public static List<DatasetInfo> Read(DuckDBConnection connection, string? only)
    {
        var datasets = new List<DatasetInfo>();
        using (DuckDBCommand command = Command(connection,
            "SELECT name, format, digest, row_count, file_bytes, source_path FROM bunsan_datasets WHERE $1 IS NULL OR name = $1 ORDER BY name", only))
        using (DuckDBDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                datasets.Add(new DatasetInfo(reader.GetString(0), [], reader.GetInt64(3), reader.GetString(2), reader.GetString(1), reader.GetInt64(4), reader.GetString(5)));
            }
        }
        return [.. datasets.Select(d => d with { Columns = Columns(connection, TableOf(d.Name)) })];
    }

    public static ImmutableArray<DatasetColumn> Columns(DuckDBConnection connection, string table)
    {
        var columns = ImmutableArray.CreateBuilder<DatasetColumn>();
        using DuckDBCommand command = Command(connection,
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index", table);
        using DuckDBDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            columns.Add(new DatasetColumn(reader.GetString(0), reader.GetString(1)));
        }
        return columns.ToImmutable();
    }

    public static void Execute(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using DuckDBCommand command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        DuckDBCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (object? parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter ?? DBNull.Value));
        }
        return command;
    }
}
