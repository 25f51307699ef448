using Orleans.Storage;

namespace Bunsan.ControlPlane.Storage;

/// <summary>Options of one <see cref="SqliteGrainStorage"/> provider, validated when the silo starts.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The SQLite file holding every grain's state (created with its folder if absent). Required.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// How long a write waits for another connection's write to finish before failing. SQLite admits
    /// one writer at a time and a durable write measured p50 0.6 ms, p99 7 ms here (README.md), so
    /// 30 s only runs out when something holds the file for real (another process, a stuck backup).
    /// From 1 s to 10 min.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Turns state into bytes. <see cref="SqliteGrainStorageExtensions"/> defaults it to Orleans' own
    /// serializer (<see cref="OrleansGrainStorageSerializer"/>); see README.md for why.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>Every problem with these options, each naming the field and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            errors.Add("DatabasePath is empty: set it to the control plane's SQLite file, e.g. DATA_DIR/controlplane.db");
        }
        if (BusyTimeout < TimeSpan.FromSeconds(1) || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"BusyTimeout is {BusyTimeout}: use from 00:00:01 to 00:10:00");
        }
        if (GrainStorageSerializer is null)
        {
            errors.Add("GrainStorageSerializer is null: register the provider with AddSqliteGrainStorage, which sets Orleans' serializer");
        }
        return errors;
    }
}
