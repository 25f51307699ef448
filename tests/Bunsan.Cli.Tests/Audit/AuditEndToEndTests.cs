using System.Globalization;
using Bunsan.Ledger.Entries;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Store;
using static Bunsan.Cli.Tests.CliRunner;

namespace Bunsan.Cli.Tests.Audit;

/// <summary>
/// What a data owner does: take the log's verifier key, a saved checkpoint and proofs served by a real
/// <see cref="LedgerStore"/>, and check them with the offline verbs only.
/// </summary>
public sealed class AuditEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunsan-audit-e2e-").FullName;

    [Fact]
    public async Task StoreCheckpointAndProofs_VerifyOffline_AndAForkedCheckpointDoesNot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var store = LedgerStore.Open(new LedgerStoreOptions { DatabasePath = Path.Combine(_dir, "ledger.db"), Origin = "bunsan.test/ledger" });
        var at = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        byte[] mine = LedgerEntry.Create(LedgerEntryKinds.QueryRun, at, new() { ["dataset"] = "owner-a/traffic", ["purpose"] = "research", ["epsilon"] = "0.5" });
        for (int i = 0; i < 10; i++)
        {
            await store.AppendAsync(LedgerEntry.Create(LedgerEntryKinds.SiteJoined, at.AddMinutes(i), new() { ["site"] = $"edge-{i}" }), ct);
        }
        ulong myIndex = await store.AppendAsync(mine, ct);
        var old = store.GetCheckpoint();
        for (int i = 0; i < 6; i++)
        {
            await store.AppendAsync(LedgerEntry.Create(LedgerEntryKinds.SiteLeft, at.AddHours(i), new() { ["site"] = $"edge-{i}" }), ct);
        }
        var now = store.GetCheckpoint();
        string key = store.VerifierKey.ToString();
        string notePath = Path.Combine(_dir, "checkpoint.txt");
        await File.WriteAllTextAsync(notePath, now.Note, ct);

        var note = Run("audit", "verify-note", "--key", key, "--note", notePath);
        Assert.Equal(0, note.ExitCode);
        Assert.Contains("size 17", note.Out, StringComparison.Ordinal);

        string size = now.Checkpoint.Size.ToString(CultureInfo.InvariantCulture);
        string root = Convert.ToBase64String(now.Checkpoint.RootHash);
        string proof = string.Join(',', store.GetInclusionProof(myIndex, now.Checkpoint.Size).Select(Convert.ToHexStringLower));
        Assert.Equal(0, Run("audit", "verify-inclusion", "--leaf-hash", Convert.ToHexStringLower(MerkleHash.Leaf(mine)),
            "--index", myIndex.ToString(CultureInfo.InvariantCulture), "--size", size, "--root", root, "--proof", proof).ExitCode);

        string consistency = string.Join(',', store.GetConsistencyProof(old.Checkpoint.Size, now.Checkpoint.Size).Select(Convert.ToHexStringLower));
        string[] args = ["audit", "verify-consistency", "--size1", old.Checkpoint.Size.ToString(CultureInfo.InvariantCulture), "--size2", size,
            "--root1", Convert.ToBase64String(old.Checkpoint.RootHash), "--root2", root, "--proof", consistency];
        Assert.Equal(0, Run(args).ExitCode);

        // A fork: the same old size with a different root (as a log that rewrote entry 0 would present).
        byte[] forkedRoot = (byte[])old.Checkpoint.RootHash.Clone();
        forkedRoot[0] ^= 1;
        args[7] = Convert.ToBase64String(forkedRoot);
        var forked = Run(args);
        Assert.Equal(1, forked.ExitCode);
        Assert.Contains("root1", forked.Out, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
