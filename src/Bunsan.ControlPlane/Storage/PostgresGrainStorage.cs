using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Bunsan.ControlPlane.Storage;

/// <summary>
/// Grain state in PostgreSQL, shared by every silo of a cluster: the SQLite provider's table and semantics (a row per
/// (state name, grain id) with a random ETag; writes conditional on the ETag the activation read, so a stale
/// activation gets an <see cref="InconsistentStateException"/>; unreadable rows give
/// <see cref="GrainStateUnreadableException"/>). No write gate: PostgreSQL locks the row, and a waiting UPDATE
/// re-checks its ETag against the row the winner committed, so exactly one of racing writers succeeds.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>What a conflict reports as the stored ETag when no row is stored (non-null: null means no conflict).</summary>
    private const string NoRow = "(none)";

    private readonly string _name;
    private readonly PostgresStateTable _table;
    private readonly GrainStateRows _rows;
    private volatile bool _initialized;

    public PostgresGrainStorage(string name, PostgresGrainStorageOptions options, IActivatorProvider activators, ILogger<PostgresGrainStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"grain storage '{name}': " + string.Join("; ", problems), nameof(options));
        }
        _name = name;
        _table = new PostgresStateTable(options.ConnectionString);
        _rows = new GrainStateRows(name, _table.Location, "database", options.GrainStorageSerializer, activators, logger);
    }

    /// <summary>Server and database, for messages (never the password).</summary>
    public string Location => _table.Location;

    /// <summary>Creates or checks the tables; the silo calls it before any grain activates.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        _initialized = true;
        _rows.Opened();
    }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe($"{nameof(PostgresGrainStorage)}-{_name}", ServiceLifecycleStage.ApplicationServices, InitializeAsync);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        EnsureInitialized();
        string id = grainId.ToString();
        (string Etag, byte[] Payload)? row = await _table.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT etag, payload FROM grain_state WHERE state_name = @state AND grain_id = @grain;", connection);
            command.Parameters.AddWithValue("state", stateName);
            command.Parameters.AddWithValue("grain", id);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            return await reader.ReadAsync().ConfigureAwait(false)
                ? (reader.GetString(0), reader.GetFieldValue<byte[]>(1))
                : ((string, byte[])?)null;
        }).ConfigureAwait(false);
        if (row is not { } found)
        {
            _rows.Reset(grainState);
            return;
        }
        grainState.State = _rows.Deserialize<T>(found.Payload, stateName, id);
        grainState.ETag = found.Etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        EnsureInitialized();
        string id = grainId.ToString();
        byte[] payload = _rows.Serialize(grainState.State);
        // A random ETag, not a counter: after a clear and re-create, a counter would repeat and let a stale writer through.
        string newEtag = Guid.NewGuid().ToString("N");
        string? oldEtag = grainState.ETag;
        string? conflict = await _table.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand(
                oldEtag is null
                    ? "INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES (@state, @grain, @new, @payload) ON CONFLICT DO NOTHING;"
                    : "UPDATE grain_state SET etag = @new, payload = @payload WHERE state_name = @state AND grain_id = @grain AND etag = @old;",
                connection);
            command.Parameters.AddWithValue("state", stateName);
            command.Parameters.AddWithValue("grain", id);
            command.Parameters.AddWithValue("new", newEtag);
            command.Parameters.AddWithValue("payload", payload);
            if (oldEtag is not null)
            {
                command.Parameters.AddWithValue("old", oldEtag);
            }
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 0
                ? await CurrentEtagAsync(connection, stateName, id).ConfigureAwait(false) ?? NoRow
                : null;
        }).ConfigureAwait(false);
        if (conflict is not null)
        {
            throw _rows.Conflict("write", stateName, id, oldEtag, conflict);
        }
        grainState.ETag = newEtag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        EnsureInitialized();
        string id = grainId.ToString();
        string? oldEtag = grainState.ETag;
        string? conflict = await _table.RunAsync(async connection =>
        {
            if (oldEtag is null)
            {
                // Nothing was stored as far as this activation knows: that holds only if no row appeared since.
                return await CurrentEtagAsync(connection, stateName, id).ConfigureAwait(false);
            }
            await using var command = new NpgsqlCommand("DELETE FROM grain_state WHERE state_name = @state AND grain_id = @grain AND etag = @old;", connection);
            command.Parameters.AddWithValue("state", stateName);
            command.Parameters.AddWithValue("grain", id);
            command.Parameters.AddWithValue("old", oldEtag);
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 0
                ? await CurrentEtagAsync(connection, stateName, id).ConfigureAwait(false) ?? NoRow
                : null;
        }).ConfigureAwait(false);
        if (conflict is not null)
        {
            throw _rows.Conflict("clear", stateName, id, oldEtag, conflict);
        }
        _rows.Reset(grainState);
    }

    public void Dispose() => _table.Dispose();

    private void EnsureInitialized()
    {
        if (!_initialized)
        {
            throw new InvalidOperationException($"grain storage '{_name}' is used before InitializeAsync: register it with AddPostgresGrainStorage so the silo initializes it at start");
        }
    }

    private static async Task<string?> CurrentEtagAsync(NpgsqlConnection connection, string stateName, string grainId)
    {
        await using var command = new NpgsqlCommand("SELECT etag FROM grain_state WHERE state_name = @state AND grain_id = @grain;", connection);
        command.Parameters.AddWithValue("state", stateName);
        command.Parameters.AddWithValue("grain", grainId);
        return await command.ExecuteScalarAsync().ConfigureAwait(false) as string;
    }
}
