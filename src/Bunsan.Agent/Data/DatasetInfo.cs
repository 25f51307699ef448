using System.Collections.Immutable;

namespace Bunsan.Agent.Data;

/// <summary>A column of a dataset: its name and its DuckDB type (DOUBLE, DATE, VARCHAR, DECIMAL(10,2), …).</summary>
public sealed record DatasetColumn(string Name, string Type);

/// <summary>
/// A dataset held at this site: its schema, its row count, and where it came from — the file's SHA-256
/// ("sha256:" + hex), its format ("csv" or "parquet"), size and path, so an owner can tell what was loaded.
/// </summary>
public sealed record DatasetInfo(
    string Name,
    ImmutableArray<DatasetColumn> Columns,
    long RowCount,
    string Digest,
    string Format,
    long FileBytes,
    string SourcePath)
{
    /// <summary>Value equality, columns included (a record alone would compare the column array by reference).</summary>
    public bool Equals(DatasetInfo? other) =>
        other is not null && Name == other.Name && Columns.SequenceEqual(other.Columns) && RowCount == other.RowCount
        && Digest == other.Digest && Format == other.Format && FileBytes == other.FileBytes && SourcePath == other.SourcePath;

    public override int GetHashCode() => HashCode.Combine(Name, Columns.Length, RowCount, Digest);
}

/// <summary>The outcome of <see cref="SiteDataStore.Load"/>: the dataset as now held, or an error naming the field and the fix.</summary>
public sealed record DatasetLoad(DatasetInfo? Dataset, string? Error)
{
    public bool Ok => Dataset is not null;

    internal static DatasetLoad Failed(string error) => new(null, error);
}
