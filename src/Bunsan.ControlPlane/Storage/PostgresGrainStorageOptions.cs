using Orleans.Storage;

namespace Bunsan.ControlPlane.Storage;

/// <summary>Options of one <see cref="PostgresGrainStorage"/> provider, validated when the silo starts.</summary>
public sealed class PostgresGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The database, as an Npgsql connection string (Host=…;Port=…;Username=…;Database=…). Required.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Turns state into bytes. <see cref="PostgresGrainStorageExtensions"/> defaults it to Orleans' own serializer, as
    /// for SQLite (README.md), so a row means the same in either store.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;

    /// <summary>Every problem with these options, each naming the field and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("ConnectionString is empty: set it to the control plane's PostgreSQL database, e.g. Host=db;Username=bunsan;Database=bunsan");
        }
        if (GrainStorageSerializer is null)
        {
            errors.Add("GrainStorageSerializer is null: register the provider with AddPostgresGrainStorage, which sets Orleans' serializer");
        }
        return errors;
    }
}
