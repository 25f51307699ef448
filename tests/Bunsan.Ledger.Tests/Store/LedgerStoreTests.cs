using System.Text;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Notes;
using Bunsan.Ledger.Store;

namespace Bunsan.Ledger.Tests.Store;

/// <summary>The durable store on a real SQLite file: sequencing, checkpoints, proofs served, and reopening.</summary>
public sealed class LedgerStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunsan-ledger-").FullName;

    private LedgerStoreOptions Options => new() { DatabasePath = Path.Combine(_dir, "ledger.db"), Origin = "bunsan.test/ledger", MaxBatch = 64 };

    private LedgerStoreOptions With(Action<LedgerStoreOptions> change)
    {
        var options = Options;
        change(options);
        return options;
    }

    [Fact]
    public async Task Open_NewLog_SignsTheEmptyTree_AndKeepsTheKeyOwnerOnly()
    {
        await using var store = LedgerStore.Open(Options);
        var checkpoint = store.GetCheckpoint();
        Assert.Equal(0UL, checkpoint.Checkpoint.Size);
        Assert.Equal(MerkleHash.EmptyRoot.ToArray(), checkpoint.Checkpoint.RootHash);
        Assert.True(SignedNote.Open(Encoding.UTF8.GetBytes(checkpoint.Note), [store.VerifierKey]).Valid);
        Assert.Equal("bunsan.test/ledger", store.VerifierKey.Name);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Options.DatabasePath + ".key"));
        }
    }

    [Fact]
    public async Task AppendAsync_ConcurrentCallers_GetDistinctDenseIndexes_AndEveryProofVerifies()
    {
        await using var store = LedgerStore.Open(Options);
        byte[][] entries = [.. Enumerable.Range(0, 500).Select(i => Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"))];
        ulong[] indexes = await Task.WhenAll(entries.Select(e => Task.Run(() => store.AppendAsync(e, Ct))));

        Assert.Equal(Enumerable.Range(0, 500).Select(i => (ulong)i), indexes.Order());
        var checkpoint = store.GetCheckpoint().Checkpoint;
        Assert.Equal(500UL, checkpoint.Size);
        for (int i = 0; i < entries.Length; i++)
        {
            ulong index = indexes[i];
            var proof = store.GetInclusionProof(index, checkpoint.Size);
            var result = MerkleVerifier.VerifyInclusion(index, checkpoint.Size, MerkleHash.Leaf(entries[i]), proof, checkpoint.RootHash);
            Assert.True(result.Valid, result.Reason);
        }
        var stored = await store.GetEntriesAsync(0, 500, Ct);
        Assert.Equal(500, stored.Count);
        var tree = new MerkleTree();
        foreach (var e in stored)
        {
            tree.AppendEntry(e.Entry);
        }
        Assert.Equal(checkpoint.RootHash, tree.Root(500));
    }

    [Fact]
    public async Task ProofsServedDuringAppends_AlwaysVerifyAgainstTheCheckpointReadWithThem()
    {
        await using var store = LedgerStore.Open(Options);
        var writers = Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < 300; i++)
            {
                await store.AppendAsync(new[] { (byte)w, (byte)i, (byte)(i >> 8) }, Ct);
            }
        }, Ct)));
        int checkedProofs = 0;
        var random = new Random(4);
        while (!writers.IsCompleted || checkedProofs == 0)
        {
            var checkpoint = store.GetCheckpoint().Checkpoint;
            if (checkpoint.Size < 2)
            {
                await Task.Yield();
                continue;
            }
            ulong index = (ulong)random.NextInt64((long)checkpoint.Size);
            var entry = (await store.GetEntriesAsync(index, index + 1, Ct))[0].Entry;
            var result = MerkleVerifier.VerifyInclusion(index, checkpoint.Size, MerkleHash.Leaf(entry), store.GetInclusionProof(index, checkpoint.Size), checkpoint.RootHash);
            Assert.True(result.Valid, result.Reason);
            ulong older = (ulong)random.NextInt64(1, (long)checkpoint.Size + 1);
            Assert.True(MerkleVerifier.VerifyConsistency(older, checkpoint.Size, store.GetRoot(older), checkpoint.RootHash, store.GetConsistencyProof(older, checkpoint.Size)).Valid);
            checkedProofs++;
        }
        await writers;
        Assert.Equal(2400UL, store.GetCheckpoint().Checkpoint.Size);
    }

    [Fact]
    public async Task Reopen_ContinuesTheLog_AndOldCheckpointsProveConsistent()
    {
        SignedCheckpoint first;
        string vkey;
        await using (var store = LedgerStore.Open(Options))
        {
            for (int i = 0; i < 37; i++)
            {
                await store.AppendAsync(new[] { (byte)i }, Ct);
            }
            first = store.GetCheckpoint();
            vkey = store.VerifierKey.ToString();
        }
        await using (var reopened = LedgerStore.Open(Options))
        {
            Assert.Equal(first.Note, reopened.GetCheckpoint().Note);
            Assert.Equal(vkey, reopened.VerifierKey.ToString());
            Assert.Equal(37UL, await reopened.AppendAsync("x"u8.ToArray(), Ct));
            var now = reopened.GetCheckpoint().Checkpoint;
            var proof = reopened.GetConsistencyProof(37, now.Size);
            Assert.True(MerkleVerifier.VerifyConsistency(37, now.Size, first.Checkpoint.RootHash, now.RootHash, proof).Valid);
        }
    }

    [Fact]
    public async Task Requests_BeyondTheCheckpoint_OrTooLarge_AreRefusedNamingTheLimit()
    {
        await using var store = LedgerStore.Open(Options);
        await store.AppendAsync("a"u8.ToArray(), Ct);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.GetInclusionProof(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.GetInclusionProof(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.GetConsistencyProof(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.GetConsistencyProof(1, ulong.MaxValue));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.GetEntriesAsync(1, 0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.GetEntriesAsync(0, 2, Ct));
        var big = await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(new byte[(1 << 20) + 1], Ct));
        Assert.Contains("at most", big.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_WhileAnotherStoreHoldsTheLog_IsRefused_AndWorksAfterItCloses()
    {
        var first = LedgerStore.Open(Options);
        var e = Assert.Throws<InvalidOperationException>(() => LedgerStore.Open(Options));
        Assert.Contains("one sequencer per log", e.Message, StringComparison.Ordinal);
        await first.DisposeAsync();
        await using var second = LedgerStore.Open(Options);
        Assert.Equal(0UL, second.GetCheckpoint().Checkpoint.Size);
    }

    [Fact]
    public void Open_InAMissingDirectory_ReportsTheDirectory() =>
        Assert.Throws<DirectoryNotFoundException>(() => LedgerStore.Open(With(o => o.DatabasePath = Path.Combine(_dir, "absent", "ledger.db"))));

    [Fact]
    public async Task AppendAsync_AfterDispose_Throws()
    {
        var store = LedgerStore.Open(Options);
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync("late"u8.ToArray(), Ct));
    }

    [Fact]
    public void Open_InvalidOptions_NameTheOption()
    {
        Assert.Contains("Origin", Assert.Throws<ArgumentException>(() => LedgerStore.Open(With(o => o.Origin = "has space"))).Message, StringComparison.Ordinal);
        Assert.Contains("DatabasePath", Assert.Throws<ArgumentException>(() => LedgerStore.Open(With(o => o.DatabasePath = ""))).Message, StringComparison.Ordinal);
        Assert.Contains("MaxBatch", Assert.Throws<ArgumentOutOfRangeException>(() => LedgerStore.Open(With(o => o.MaxBatch = 0))).Message, StringComparison.Ordinal);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
