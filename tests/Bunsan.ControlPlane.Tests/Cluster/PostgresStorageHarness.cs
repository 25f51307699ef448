using Bunsan.ControlPlane.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Bunsan.ControlPlane.Tests.Cluster;

/// <summary>
/// Real <see cref="PostgresGrainStorage"/> providers over one real database schema, built with Orleans' real serializer,
/// outside a silo so a test can open a second provider on the same tables (as a second silo or a restart would).
/// </summary>
internal sealed class PostgresStorageHarness(string connectionString) : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly List<PostgresGrainStorage> _opened = [];

    public string ConnectionString { get; } = connectionString;

    public PostgresGrainStorageOptions Options() => new()
    {
        ConnectionString = ConnectionString,
        GrainStorageSerializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
    };

    /// <summary>A provider, initialized as the silo would at start.</summary>
    public async Task<PostgresGrainStorage> OpenAsync()
    {
        PostgresGrainStorage storage = Create();
        await storage.InitializeAsync(TestContext.Current.CancellationToken);
        return storage;
    }

    public PostgresGrainStorage Create()
    {
        var storage = new PostgresGrainStorage("test", Options(), _services.GetRequiredService<IActivatorProvider>(), NullLogger<PostgresGrainStorage>.Instance);
        _opened.Add(storage);
        return storage;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (PostgresGrainStorage storage in _opened)
        {
            storage.Dispose();
        }
        await _services.DisposeAsync();
    }
}
