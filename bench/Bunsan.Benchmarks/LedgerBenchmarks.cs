using System.Buffers.Binary;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bunsan.Ledger.Entries;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Notes;
using Bunsan.Ledger.Store;
using NSec.Cryptography;

namespace Bunsan.Benchmarks;

/// <summary>
/// The ledger's proof target (issue 6): an inclusion proof over a 10-million-entry log ≤ 100 µs. The 10M-leaf
/// tree is built in memory (≈ 640 MB, 64 bytes per entry), not through SQLite; leaves rotate over 1,024 seeded
/// indexes so caches do not flatter the numbers.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*LedgerBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private const ulong Size = 10_000_000;
    private readonly MerkleTree _tree = new();
    private readonly ulong[] _indexes = new ulong[1024];
    private readonly byte[] _proof = new byte[MerkleProofs.MaxProofBytes];
    private readonly byte[] _root = new byte[MerkleHash.Size];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        Span<byte> entry = stackalloc byte[8];
        for (ulong i = 0; i < Size; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(entry, i);
            _tree.AppendEntry(entry);
        }
        _tree.Root(Size, _root);
        var random = new Random(6);
        for (int i = 0; i < _indexes.Length; i++)
        {
            _indexes[i] = (ulong)random.NextInt64((long)Size);
        }
    }

    /// <summary>What GET /v1/ledger/proof/inclusion computes: a proof from the stored complete-subtree hashes.</summary>
    [Benchmark]
    public int InclusionProof10M() => MerkleProofs.WriteInclusion(_tree, _indexes[_next++ & 1023], Size, _proof);

    /// <summary>What an auditor does with it: the leaf hash, the proof, and the RFC 9162 verifier.</summary>
    [Benchmark]
    public bool InclusionProofAndVerify10M()
    {
        ulong index = _indexes[_next++ & 1023];
        int length = MerkleProofs.WriteInclusion(_tree, index, Size, _proof);
        return MerkleVerifier.VerifyInclusion(index, Size, _tree.Node(0, index), _proof.AsSpan(0, length), _root).Valid;
    }

    [Benchmark]
    public bool ConsistencyProofAndVerify10M()
    {
        ulong older = _indexes[_next++ & 1023] + 1;
        int length = MerkleProofs.WriteConsistency(_tree, older, Size, _proof);
        Span<byte> oldRoot = stackalloc byte[MerkleHash.Size];
        _tree.Root(older, oldRoot);
        return MerkleVerifier.VerifyConsistency(older, Size, oldRoot, _root, _proof.AsSpan(0, length)).Valid;
    }
}

/// <summary>
/// Checkpoint verification (target ≤ 100 µs): parse the signed note, check its Ed25519 signature, parse the
/// checkpoint body; and the bare Ed25519 verification inside it, to show what the parsing adds.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*LedgerCheckpointBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class LedgerCheckpointBenchmarks
{
    private byte[] _signedCheckpoint = [];
    private byte[] _body = [];
    private byte[] _signature = [];
    private NoteVerifierKey _key = null!;
    private PublicKey _publicKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var signer = NoteSigner.Generate("bunsan.example/ledger");
        _key = signer.VerifierKey;
        _publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, _key.PublicKeyBytes, KeyBlobFormat.RawPublicKey);
        string body = new Checkpoint("bunsan.example/ledger", 10_000_000, new byte[MerkleHash.Size]).Format();
        _body = Encoding.UTF8.GetBytes(body);
        _signature = signer.Sign(_body);
        _signedCheckpoint = Encoding.UTF8.GetBytes(SignedNote.Sign(body, signer));
    }

    [Benchmark]
    public ulong CheckpointVerify()
    {
        var opened = SignedNote.Open(_signedCheckpoint, [_key]);
        return opened.Valid && Checkpoint.TryParse(opened.Text, out var checkpoint, out _) ? checkpoint!.Size : 0;
    }

    [Benchmark(Baseline = true)]
    public bool Ed25519VerifyOnly() => SignatureAlgorithm.Ed25519.Verify(_publicKey, _body, _signature);

}

/// <summary>
/// Durable append throughput through <see cref="LedgerStore"/> (SQLite WAL, synchronous=FULL, one sequencer, group
/// commit): 1,000 concurrent callers each append 100 ~120-byte canonical JSON entries per operation; every append
/// awaits its batch's commit. Appends/s = 100,000 / the reported mean.
/// Run: dotnet run -c Release --project bench/Bunsan.Benchmarks -- --filter '*LedgerAppendBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class LedgerAppendBenchmarks
{
    private const int Callers = 1000;
    private const int PerCaller = 100;
    private string _dir = "";
    private LedgerStore _store = null!;
    private byte[][] _entries = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("bunsan-ledger-bench-").FullName;
        _store = LedgerStore.Open(new LedgerStoreOptions { DatabasePath = Path.Combine(_dir, "ledger.db"), Origin = "bunsan.example/ledger" });
        var at = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        _entries = [.. Enumerable.Range(0, Callers).Select(i => LedgerEntry.Create(LedgerEntryKinds.PlacementChanged, at.AddSeconds(i),
            new System.Text.Json.Nodes.JsonObject { ["function"] = "collision-warning", ["site"] = $"edge-{i % 50:00}", ["replicas"] = i % 7 }))];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Callers * PerCaller)]
    public Task Append() => Task.WhenAll(_entries.Select(async entry =>
    {
        for (int i = 0; i < PerCaller; i++)
        {
            await _store.AppendAsync(entry).ConfigureAwait(false);
        }
    }));
}
