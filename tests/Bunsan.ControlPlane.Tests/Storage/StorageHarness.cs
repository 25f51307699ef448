using Bunsan.ControlPlane.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Bunsan.ControlPlane.Tests.Storage;

/// <summary>
/// Real <see cref="SqliteGrainStorage"/> providers over a real file, built with Orleans' real
/// serializer, outside a silo so each test can open a second provider on the same file (as a second
/// silo or a restart would).
/// </summary>
internal sealed class StorageHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<SqliteGrainStorage> _opened = [];

    public StorageHarness(string databasePath)
    {
        DatabasePath = databasePath;
        _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    }

    public string DatabasePath { get; }

    public SqliteGrainStorageOptions Options() => new()
    {
        DatabasePath = DatabasePath,
        GrainStorageSerializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
    };

    /// <summary>A provider, initialized as the silo would at start.</summary>
    public async Task<SqliteGrainStorage> OpenAsync()
    {
        SqliteGrainStorage storage = Create();
        await storage.InitializeAsync(TestContext.Current.CancellationToken);
        return storage;
    }

    public SqliteGrainStorage Create()
    {
        var storage = new SqliteGrainStorage("test", Options(), _services.GetRequiredService<IActivatorProvider>(), NullLogger<SqliteGrainStorage>.Instance);
        _opened.Add(storage);
        return storage;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (SqliteGrainStorage storage in _opened)
        {
            storage.Dispose();
        }
        await _services.DisposeAsync();
    }
}
