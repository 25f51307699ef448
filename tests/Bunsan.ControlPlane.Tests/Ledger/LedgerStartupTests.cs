using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Ledger;
using Bunsan.ControlPlane.Tests.Api;
using Bunsan.Ledger.Store;
using Microsoft.Data.Sqlite;

namespace Bunsan.ControlPlane.Tests.Ledger;

/// <summary>The ledger across restarts: kept and re-verified when intact, and a start refused when it was altered.</summary>
public sealed class LedgerStartupTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_KeepsTheLogItsOriginAndItsKey()
    {
        (string origin, string key, ulong size) = await RunOnce(async server =>
        {
            await server.Ledger.FunctionRemoved("restart-probe");
            return (server.Ledger.Store.GetCheckpoint().Checkpoint.Origin, server.Ledger.Store.VerifierKey.ToString(), server.Ledger.Store.GetCheckpoint().Checkpoint.Size);
        });

        await RunOnce(server =>
        {
            Assert.Equal(origin, server.Ledger.Store.GetCheckpoint().Checkpoint.Origin);
            Assert.Equal(key, server.Ledger.Store.VerifierKey.ToString());
            Assert.Equal(size, server.Ledger.Store.GetCheckpoint().Checkpoint.Size);
            return Task.FromResult(0);
        });
    }

    [Fact]
    public async Task AStoredEntryAltered_TheServerRefusesToStart_NamingTheLedger()
    {
        await RunOnce(async server =>
        {
            await server.Ledger.FunctionRemoved("tamper-probe");
            return 0;
        });
        string db = _data.File(ControlPlaneLedger.DatabaseFileName);
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand update = connection.CreateCommand();
            update.CommandText = "UPDATE ledger_entries SET entry = CAST(replace(CAST(entry AS TEXT), 'tamper-probe', 'tamper-prob3') AS BLOB)";
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var refused = await Assert.ThrowsAsync<LedgerIntegrityException>(() => ControlPlaneServer.StartAsync(ServerFixture.Options(_data.Path), cancellationToken: Cancel));

        Assert.Contains(db, refused.Message, StringComparison.Ordinal);
        Assert.Contains("will not start", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeyFileDeleted_TheServerRefusesToStart()
    {
        await RunOnce(async server =>
        {
            await server.Ledger.FunctionRemoved("key-probe");
            return 0;
        });
        File.Delete(_data.File(ControlPlaneLedger.DatabaseFileName + ".key"));

        var refused = await Assert.ThrowsAsync<LedgerIntegrityException>(() => ControlPlaneServer.StartAsync(ServerFixture.Options(_data.Path), cancellationToken: Cancel));

        Assert.Contains("key file", refused.Message, StringComparison.Ordinal);
    }

    private async Task<T> RunOnce<T>(Func<ControlPlaneServer, Task<T>> use)
    {
        await using ControlPlaneServer server = await ControlPlaneServer.StartAsync(ServerFixture.Options(_data.Path), cancellationToken: Cancel);
        return await use(server);
    }

    public void Dispose() => _data.Dispose();
}
