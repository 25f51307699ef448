using DuckDB.NET.Data;
using Bunsan.Federation.Queries;

namespace Bunsan.Agent.Data;

/// <summary>
/// The datasets owners keep at this site, in one DuckDB database file (datasets.duckdb in the store's
/// directory), and the runner of federated query fragments over them. Raw rows never leave: the only way
/// out is <see cref="Run"/>, which returns integer partial aggregates per group.
/// <para>
/// Defense in depth: fragment SQL is regenerated from a validated AST (Bunsan.Federation.Queries), and the
/// database also runs with DuckDB's external access disabled and its configuration locked from the moment
/// it opens — no statement on it can read or write a file, attach a database or load an extension. Loading a
/// file therefore goes through a separate in-memory instance (<see cref="DatasetFileReader"/>).
/// </para>
/// One connection, used under a lock: loads, removals and fragments run one at a time.
/// </summary>
public sealed partial class SiteDataStore : IDisposable
{
    /// <summary>The database file's name in the store's directory.</summary>
    public const string FileName = "datasets.duckdb";

    private readonly DuckDBConnection _connection;
    private readonly SiteDataStoreOptions _options;
    private readonly Lock _gate = new();

    /// <summary>
    /// What the catalog says of each dataset asked about, until it is loaded again or removed: every query asks for
    /// each of its datasets twice (verdict, fragment), and reading the record and its columns from DuckDB each time
    /// took milliseconds per dataset. Only datasets held are kept, so hostile names cannot grow it.
    /// </summary>
    private readonly Dictionary<string, DatasetInfo> _described = new(StringComparer.Ordinal);
    private bool _disposed;

    private SiteDataStore(DuckDBConnection connection, string directory, SiteDataStoreOptions options)
    {
        _connection = connection;
        _options = options;
        Directory = directory;
    }

    /// <summary>The store's directory (full path).</summary>
    public string Directory { get; }

    /// <summary>Opens (creating when absent) the store in <paramref name="directory"/>, with default limits.</summary>
    public static SiteDataStore Open(string directory) => Open(directory, new SiteDataStoreOptions());

    public static SiteDataStore Open(string directory, SiteDataStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string full = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full);
        var builder = new DuckDBConnectionStringBuilder { DataSource = Path.Combine(full, FileName) };
        // Applied when the instance starts, before any statement can run; lock_configuration last, so that no
        // later SET (or RESET) can turn external access back on.
        builder["enable_external_access"] = "false";
        builder["autoinstall_known_extensions"] = "false";
        builder["autoload_known_extensions"] = "false";
        builder["allow_community_extensions"] = "false";
        builder["lock_configuration"] = "true";
        var connection = new DuckDBConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            DatasetCatalog.Create(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new SiteDataStore(connection, full, options);
    }

    /// <summary>Every dataset held here, ordered by name.</summary>
    public IReadOnlyList<DatasetInfo> List()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return DatasetCatalog.Read(_connection, null);
        }
    }

    /// <summary>The dataset named, or null when this site does not hold it.</summary>
    public DatasetInfo? Describe(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return DescribeHeld(dataset);
        }
    }

    /// <summary>Drops a dataset and its record; false when it was not held.</summary>
    public bool Remove(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (DescribeHeld(dataset) is null)
            {
                return false;
            }
            using DuckDBTransaction transaction = _connection.BeginTransaction();
            DatasetCatalog.Execute(_connection, $"DROP TABLE {DatasetFileReader.Quote(DatasetCatalog.TableOf(dataset))}");
            DatasetCatalog.Forget(_connection, dataset);
            transaction.Commit();
            _described.Remove(dataset);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
    }

    private DatasetInfo? DescribeHeld(string dataset)
    {
        if (!DatasetName.IsValid(dataset))
        {
            return null;
        }
        if (!_described.TryGetValue(dataset, out DatasetInfo? info) && DatasetCatalog.Read(_connection, dataset).SingleOrDefault() is { } read)
        {
            info = _described[dataset] = read;
        }
        return info;
    }
}
