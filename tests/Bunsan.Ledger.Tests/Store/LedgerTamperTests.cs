using Bunsan.Ledger.Notes;
using Bunsan.Ledger.Store;
using Microsoft.Data.Sqlite;

namespace Bunsan.Ledger.Tests.Store;

/// <summary>
/// Whoever edits the database behind the sequencer's back — altering, deleting, adding an entry, or swapping the
/// checkpoint — is caught on open: the store refuses to serve and says what it found.
/// </summary>
public sealed class LedgerTamperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunsan-ledger-tamper-").FullName;

    private string DatabasePath => Path.Combine(_dir, "ledger.db");

    private LedgerStoreOptions Options => new() { DatabasePath = DatabasePath, Origin = "bunsan.test/ledger" };

    [Theory]
    [InlineData("UPDATE ledger_entries SET entry = x'7b7d' WHERE idx = 5", "altered")]
    [InlineData("UPDATE ledger_entries SET entry = 'text, not a blob' WHERE idx = 0", "altered")]
    [InlineData("DELETE FROM ledger_entries WHERE idx >= 15", "truncated")]
    [InlineData("DELETE FROM ledger_entries WHERE idx = 7", "missing")]
    [InlineData("INSERT INTO ledger_entries (idx, entry) VALUES (20, x'00')", "outside the sequencer")]
    [InlineData("UPDATE ledger_entries SET idx = -1 WHERE idx = 0", "missing")]
    [InlineData("UPDATE ledger_checkpoint SET note = replace(note, 'ledger', 'ledgex')", "not signed")]
    [InlineData("DELETE FROM ledger_checkpoint", "no checkpoint")]
    public async Task Open_AfterTampering_RefusesWithTheReason(string tamper, string reason)
    {
        await FillAsync(20);
        Execute(tamper);
        var e = Assert.Throws<LedgerIntegrityException>(() => LedgerStore.Open(Options));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_CheckpointSignedByAnotherKey_IsRefused()
    {
        await FillAsync(3);
        using var forger = NoteSigner.Generate("bunsan.test/ledger");
        string forged = SignedNote.Sign("bunsan.test/ledger\n3\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", forger);
        Execute($"UPDATE ledger_checkpoint SET note = '{forged}'");
        var e = Assert.Throws<LedgerIntegrityException>(() => LedgerStore.Open(Options));
        Assert.Contains("not signed by this log's key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WithAnotherOrigin_OrWithoutTheKeyFile_IsRefused()
    {
        await FillAsync(2);
        var other = Options;
        other.Origin = "other.test/ledger";
        Assert.Contains("not this log's origin", Assert.Throws<LedgerIntegrityException>(() => LedgerStore.Open(other)).Message, StringComparison.Ordinal);
        File.Move(DatabasePath + ".key", DatabasePath + ".key.moved");
        Assert.Contains("key file", Assert.Throws<LedgerIntegrityException>(() => LedgerStore.Open(Options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WorldReadableKeyFile_IsRefused()
    {
        await FillAsync(1);
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes only");
            return;
        }
        File.SetUnixFileMode(DatabasePath + ".key", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Assert.Contains("chmod 600", Assert.Throws<LedgerIntegrityException>(() => LedgerStore.Open(Options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_Untampered_Succeeds()
    {
        await FillAsync(20);
        await using var store = LedgerStore.Open(Options);
        Assert.Equal(20UL, store.GetCheckpoint().Checkpoint.Size);
    }

    private async Task FillAsync(int count)
    {
        await using var store = LedgerStore.Open(Options);
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => store.AppendAsync(new[] { (byte)i, (byte)(i >> 8) }, Ct)));
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
