using System.Threading.Channels;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Notes;

namespace Bunsan.Ledger.Store;

/// <summary>
/// The durable ledger: an append-only RFC 6962 log in SQLite, written by one sequencer task so indexes never fork,
/// with every complete-subtree hash in memory (<see cref="MerkleTree"/>, 64 bytes per entry) so proofs need no I/O.
/// Opening re-hashes every stored entry and refuses to serve unless the tree matches the latest signed checkpoint.
/// </summary>
public sealed partial class LedgerStore : IAsyncDisposable
{
    /// <summary>Most entries one <see cref="GetEntriesAsync"/> call returns.</summary>
    public const int MaxEntriesPerRead = 10_000;

    // Copied at open: the caller keeps the options object, and the sequencer's buffers are sized by MaxBatch.
    private readonly string _origin;
    private readonly int _maxBatch;
    private readonly int _maxEntryBytes;
    private readonly LedgerDatabase _database;
    private readonly NoteSigner _signer;
    private readonly MerkleTree _tree;
    private readonly Lock _treeLock = new();
    private readonly Channel<PendingAppend> _queue;
    private readonly Task _sequencer;
    private volatile SignedCheckpoint _checkpoint;

    private LedgerStore(LedgerStoreOptions options, LedgerDatabase database, NoteSigner signer, MerkleTree tree, SignedCheckpoint checkpoint)
    {
        _origin = options.Origin;
        _maxBatch = options.MaxBatch;
        _maxEntryBytes = options.MaxEntryBytes;
        _database = database;
        _signer = signer;
        _tree = tree;
        _checkpoint = checkpoint;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _sequencer = Task.Run(RunSequencerAsync);
    }

    /// <summary>The log's public key as a note verifier key: what auditors pass to `bunsan audit verify-note --key`.</summary>
    public NoteVerifierKey VerifierKey => _signer.VerifierKey;

    /// <summary>
    /// Opens (creating at first start) the log and its key, and verifies the stored tree against the latest
    /// checkpoint. Throws <see cref="LedgerIntegrityException"/> if they disagree.
    /// </summary>
    public static LedgerStore Open(LedgerStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var database = new LedgerDatabase(options.DatabasePath);
        NoteSigner? signer = null;
        try
        {
            string? note = database.ReadCheckpointNote();
            signer = LedgerKeyFile.LoadOrCreate(options.ResolvedKeyPath, options.Origin, note is not null);
            var tree = new MerkleTree();
            SignedCheckpoint checkpoint;
            if (note is null)
            {
                if (database.ReadAll().Any())
                {
                    throw new LedgerIntegrityException("the log holds entries but no checkpoint: its checkpoint was deleted");
                }
                checkpoint = Sign(signer, new Checkpoint(options.Origin, 0, MerkleHash.EmptyRoot.ToArray()));
                database.Commit(0, [], 0, checkpoint.Note);
            }
            else
            {
                checkpoint = LedgerVerification.VerifyStored(database, signer.VerifierKey, options.Origin, note, tree);
            }
            return new LedgerStore(options, database, signer, tree, checkpoint);
        }
        catch
        {
            signer?.Dispose();
            database.Dispose();
            throw;
        }
    }

    /// <summary>The latest committed checkpoint; every entry it counts is durably stored.</summary>
    public SignedCheckpoint GetCheckpoint() => _checkpoint;

    public Task<SignedCheckpoint> GetCheckpointAsync() => Task.FromResult(_checkpoint);

    /// <summary>Entries [from, to), at most <see cref="MaxEntriesPerRead"/>, all within the latest checkpoint.</summary>
    public Task<IReadOnlyList<StoredEntry>> GetEntriesAsync(ulong from, ulong to, CancellationToken cancellationToken = default)
    {
        ulong size = _checkpoint.Checkpoint.Size;
        if (from > to || to > size)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"need from ≤ to ≤ {size} (the checkpoint size); got from={from}, to={to}");
        }
        if (to - from > MaxEntriesPerRead)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"at most {MaxEntriesPerRead} entries per read; got {to - from}");
        }
        return LedgerDatabase.ReadRangeAsync(_database.ConnectionString, from, to, cancellationToken);
    }

    /// <summary>Inclusion proof of entry <paramref name="index"/> in the tree of <paramref name="size"/> entries (size ≤ the checkpoint size).</summary>
    public byte[][] GetInclusionProof(ulong index, ulong size)
    {
        CheckPublished(size, nameof(size));
        lock (_treeLock)
        {
            return MerkleProofs.Inclusion(_tree, index, size);
        }
    }

    /// <summary>Consistency proof from the tree of <paramref name="from"/> entries to that of <paramref name="to"/> (0 &lt; from ≤ to ≤ the checkpoint size).</summary>
    public byte[][] GetConsistencyProof(ulong from, ulong to)
    {
        CheckPublished(to, nameof(to));
        lock (_treeLock)
        {
            return MerkleProofs.Consistency(_tree, from, to);
        }
    }

    /// <summary>The RFC 6962 root of the first <paramref name="size"/> entries (size ≤ the checkpoint size).</summary>
    public byte[] GetRoot(ulong size)
    {
        CheckPublished(size, nameof(size));
        lock (_treeLock)
        {
            return _tree.Root(size);
        }
    }

    private void CheckPublished(ulong size, string name)
    {
        ulong published = _checkpoint.Checkpoint.Size;
        if (size > published)
        {
            throw new ArgumentOutOfRangeException(name, size, $"the latest checkpoint covers {published} entries");
        }
    }

    private static SignedCheckpoint Sign(NoteSigner signer, Checkpoint checkpoint) =>
        new(checkpoint, SignedNote.Sign(checkpoint.Format(), signer));
}
