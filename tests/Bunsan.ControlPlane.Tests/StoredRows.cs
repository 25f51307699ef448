using Microsoft.Data.Sqlite;

namespace Bunsan.ControlPlane.Tests;

/// <summary>Reads the control plane's SQLite file directly, to check what was (not) stored.</summary>
internal static class StoredRows
{
    /// <summary>Rows of the given state name whose grain id ends with "/<paramref name="key"/>".</summary>
    public static async Task<long> CountAsync(string databasePath, string stateName, string key)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state WHERE state_name = $state AND grain_id LIKE '%/' || $key;";
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$key", key);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Stores bytes that are no grain state at all under the given state name and grain id.</summary>
    public static async Task CorruptAsync(string databasePath, string stateName, string grainId)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES ($state, $grain, 'e', x'deadbeef00ff');";
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
