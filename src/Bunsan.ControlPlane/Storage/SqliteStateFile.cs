using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Bunsan.ControlPlane.Storage;

/// <summary>
/// The control plane's SQLite file: connection settings and schema. One table, grain_state, keyed by
/// (state name, grain id); the schema version lives in PRAGMA user_version so a newer file is refused
/// instead of misread.
/// </summary>
internal sealed class SqliteStateFile
{
    /// <summary>The schema this build writes and reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>SQLITE_NOTADB: the file exists but is not an SQLite database.</summary>
    private const int NotADatabase = 26;

    private const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       TEXT NOT NULL,
            payload    BLOB NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        ) WITHOUT ROWID;
        PRAGMA user_version = 1;
        """;

    private readonly string _connectionString;

    public SqliteStateFile(string path, TimeSpan busyTimeout)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooled connections keep the file open between calls, so a write pays for its commit, not for opening the file.
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
    }

    public string Path { get; }

    /// <summary>
    /// Creates the folder, the file and the table, switches the file to WAL, and refuses a file that
    /// is not SQLite, belongs to something else, or was written by a newer schema.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        string? folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
        try
        {
            await using SqliteConnection connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            // WAL is a property of the file (it persists): readers never block the writer, and a commit
            // appends to the log instead of rewriting pages, one fsync per write.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken).ConfigureAwait(false);
            long version = await ScalarAsync(connection, "PRAGMA user_version;", cancellationToken).ConfigureAwait(false);
            if (version > SchemaVersion)
            {
                throw new GrainStateUnreadableException(string.Create(CultureInfo.InvariantCulture,
                    $"{Path} has schema version {version}, newer than this build's {SchemaVersion}: run the Bunsan version that wrote it, or point the data directory elsewhere"));
            }
            if (version == 0)
            {
                long tables = await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table';", cancellationToken).ConfigureAwait(false);
                if (tables > 0)
                {
                    throw new GrainStateUnreadableException($"{Path} is an SQLite database of something else (it has tables but no Bunsan schema version): point the data directory at an empty folder");
                }
            }
            await ExecuteAsync(connection, CreateSchema, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == NotADatabase)
        {
            throw new GrainStateUnreadableException($"{Path} is not an SQLite database: point the data directory at an empty folder, or restore the file from a backup", e);
        }
    }

    /// <summary>An open connection on which every commit is durable when it returns.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // synchronous is per connection. In WAL mode NORMAL may lose the last commits on power loss;
            // FULL fsyncs the log on every commit, so a write that returned survives a crash.
            await ExecuteAsync(connection, "PRAGMA synchronous = FULL;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the pooled connections so the file (and its -wal, -shm) can be moved or deleted.</summary>
    public void ReleasePooledConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
