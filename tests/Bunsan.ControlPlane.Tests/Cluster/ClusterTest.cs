using Bunsan.ControlPlane.Hosting;
using Bunsan.Tests;

namespace Bunsan.ControlPlane.Tests.Cluster;

/// <summary>
/// What every cluster test owns: a cluster id and a fresh PostgreSQL schema of its own (so tests share the servers but
/// never each other's members or rows), and the silos' data directories, removed when the test ends.
/// </summary>
public abstract class ClusterTest(PostgresFixture postgres, RedisFixture redis) : IAsyncLifetime
{
    private readonly List<TempDirectory> _folders = [];
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
    private string _connectionString = "";

    public async ValueTask InitializeAsync() => _connectionString = await ClusterServices.FreshSchemaAsync(postgres);

    public ValueTask DisposeAsync()
    {
        foreach (TempDirectory folder in _folders)
        {
            folder.Dispose();
        }
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>A data directory for one silo, removed with the test.</summary>
    protected string NewDataDirectory()
    {
        var folder = new TempDirectory();
        _folders.Add(folder);
        return folder.Path;
    }

    /// <summary>One silo of this test's cluster (<see cref="ClusterServices.SiloOptions"/>).</summary>
    protected ControlPlaneOptions SiloOptions(string dataDirectory) => ClusterServices.SiloOptions(dataDirectory, _connectionString, redis, _clusterId);
}
