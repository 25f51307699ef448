using Npgsql;

namespace Bunsan.ControlPlane.Storage;

/// <summary>
/// The control plane's tables in PostgreSQL: grain_state (the same columns and key as the SQLite file's table) and
/// bunsan_schema, which records the schema version so a newer one is refused instead of misread. Created on first use,
/// in the first schema of the connection's search path.
/// </summary>
internal sealed class PostgresStateTable : IDisposable
{
    /// <summary>The schema this build writes and reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Serializes the first-use check and creation between silos starting together: CREATE TABLE IF NOT EXISTS races itself.</summary>
    private const long SchemaLock = 0x62756e73616e; // "bunsan"

    private const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS bunsan_schema (
            component TEXT PRIMARY KEY,
            version   INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       TEXT NOT NULL,
            payload    BYTEA NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        );
        INSERT INTO bunsan_schema (component, version) VALUES ('grain_state', 1) ON CONFLICT DO NOTHING;
        """;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>
    /// Connections per silo unless the connection string says otherwise. Npgsql's default (100) equals PostgreSQL's
    /// default max_connections, so two silos starting together (every site grain activating) took all of them and the
    /// second failed with "too many clients" (measured, `bunsan up --cluster` twice). 20 fits five silos.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    public PostgresStateTable(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(EffectiveSettings(connectionString).ConnectionString);
        // Per connection, as the SQLite file sets synchronous = FULL: a write that returned has reached the server's
        // disk (the server default, but a server or role configured with it off would otherwise lose acknowledged writes).
        builder.UsePhysicalConnectionInitializer(
            connection => Execute(connection, "SET synchronous_commit = on;"),
            connection => ExecuteAsync(connection, "SET synchronous_commit = on;", CancellationToken.None));
        _dataSource = builder.Build();
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        // Named in errors and logs; without the password.
        Location = $"PostgreSQL {parsed.Host}:{parsed.Port}/{parsed.Database ?? parsed.Username ?? "(default database)"}";
    }

    public string Location { get; }

    /// <summary>The operator's connection settings, with <see cref="DefaultMaxPoolSize"/> where they set no pool size.</summary>
    internal static NpgsqlConnectionStringBuilder EffectiveSettings(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        // The builder files the key in any case, and its synonym MaxPoolSize, under the canonical name.
        if (!settings.Keys.Cast<string>().Contains("Maximum Pool Size", StringComparer.OrdinalIgnoreCase))
        {
            settings.MaxPoolSize = DefaultMaxPoolSize;
        }
        return settings;
    }

    /// <summary>Creates the tables when absent, and refuses a grain_state table of something else or a newer schema.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using NpgsqlConnection connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection))
            {
                command.Parameters.AddWithValue("key", SchemaLock);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            int? version = await StoredVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (version > SchemaVersion)
            {
                throw new GrainStateUnreadableException(
                    $"{Location} has grain_state schema version {version}, newer than this build's {SchemaVersion}: run the Bunsan version that wrote it, or point --postgres at another database");
            }
            if (version is null && await ScalarAsync(connection, "SELECT to_regclass('grain_state') IS NOT NULL;", cancellationToken).ConfigureAwait(false) is true)
            {
                throw new GrainStateUnreadableException(
                    $"{Location} has a grain_state table that is not Bunsan's (bunsan_schema does not list it): point --postgres at another database, or set Search Path to a schema of its own");
            }
            await ExecuteAsync(connection, CreateSchema, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.DatatypeMismatch)
        {
            throw new GrainStateUnreadableException(
                $"{Location} has a bunsan_schema table that is not Bunsan's ({e.MessageText}): point --postgres at another database, or set Search Path to a schema of its own", e);
        }
        catch (NpgsqlException e)
        {
            // Connection refused, DNS, TLS, authentication, too many clients: say which server and which option.
            throw new IOException($"cannot use {Location} ({e.Message}): check --postgres, that the server is up and that it admits this user", e);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection. After a database restart or failover every idle pooled
    /// connection is dead and would fail one call each; so a call whose connection was lost empties the pool and runs
    /// once more on a fresh connection. Safe for writes too: they are conditional on the ETag, so a write that did
    /// commit before the connection broke makes its retry a conflict, never a second write.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work)
    {
        for (int attempt = 1; ; attempt++)
        {
            NpgsqlConnection connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            try
            {
                return await work(connection).ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (attempt == 1 && ConnectionLost(e))
            {
                _dataSource.Clear();
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The server ended the session (shutdown, restart, crash recovery) or the socket broke; not a statement's error.</summary>
    private static bool ConnectionLost(NpgsqlException e) => e is PostgresException postgres
        ? postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        : e.IsTransient;

    public void Dispose() => _dataSource.Dispose();

    private static async Task<int?> StoredVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(connection, "SELECT to_regclass('bunsan_schema') IS NOT NULL;", cancellationToken).ConfigureAwait(false) is not true)
        {
            return null;
        }
        return await ScalarAsync(connection, "SELECT version FROM bunsan_schema WHERE component = 'grain_state';", cancellationToken).ConfigureAwait(false) as int?;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
