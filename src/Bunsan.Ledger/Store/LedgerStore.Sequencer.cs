using System.Threading.Channels;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Notes;

namespace Bunsan.Ledger.Store;

/// <summary>
/// The single sequencer: one task drains the queue, gives each entry the next index, and commits the batch with
/// the checkpoint over it in one transaction (group commit: one fsync for up to MaxBatch appends). Appends
/// complete only after their batch committed. After a failed commit the store stops accepting appends: what is on
/// disk is then re-verified by reopening, rather than guessed at.
/// </summary>
public sealed partial class LedgerStore
{
    private volatile Exception? _failure;

    /// <summary>
    /// Appends one entry (canonical JSON, see <c>LedgerEntry</c>); returns its index once durably committed.
    /// <paramref name="cancellationToken"/> only cancels waiting for room in the queue: once queued, an entry is
    /// committed whatever the caller does, because a log cannot take an entry back.
    /// </summary>
    public async Task<ulong> AppendAsync(ReadOnlyMemory<byte> entry, CancellationToken cancellationToken = default)
    {
        if (entry.Length > _maxEntryBytes)
        {
            throw new ArgumentException($"entry is {entry.Length} bytes; the ledger accepts at most {_maxEntryBytes}", nameof(entry));
        }
        if (_failure is { } failure)
        {
            throw new InvalidOperationException("the ledger store failed to commit earlier; reopen it to re-verify the log", failure);
        }
        var pending = new PendingAppend(entry.ToArray());
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(LedgerStore), "the ledger store is closed");
        }
        return await pending.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _sequencer.ConfigureAwait(false);
        _database.Dispose();
        _signer.Dispose();
    }

    private async Task RunSequencerAsync()
    {
        var batch = new List<PendingAppend>(_maxBatch);
        var entries = new List<byte[]>(_maxBatch);
        byte[] leafHashes = new byte[_maxBatch * MerkleHash.Size];
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            entries.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                entries.Add(pending.Entry);
            }
            if (_failure is not null)
            {
                batch.ForEach(p => p.TrySetException(new InvalidOperationException("the ledger store failed to commit earlier; reopen it to re-verify the log", _failure)));
                continue;
            }
            CommitBatch(batch, entries, leafHashes);
        }
    }

    private void CommitBatch(List<PendingAppend> batch, List<byte[]> entries, byte[] leafHashes)
    {
        // Hash outside the lock: proof readers wait only for the cheap node updates.
        for (int i = 0; i < entries.Count; i++)
        {
            MerkleHash.Leaf(entries[i], leafHashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size));
        }
        ulong first = _checkpoint.Checkpoint.Size;
        ulong size = first + (ulong)entries.Count;
        try
        {
            byte[] root = new byte[MerkleHash.Size];
            lock (_treeLock)
            {
                for (int i = 0; i < entries.Count; i++)
                {
                    _tree.AppendLeafHash(leafHashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size));
                }
                _tree.Root(size, root);
            }
            var checkpoint = Sign(_signer, new Checkpoint(_origin, size, root));
            _database.Commit(first, entries, size, checkpoint.Note);
            _checkpoint = checkpoint;
        }
        catch (Exception e)
        {
            lock (_treeLock)
            {
                _tree.Truncate(first);
            }
            _failure = e;
            batch.ForEach(p => p.TrySetException(e));
            return;
        }
        for (int i = 0; i < batch.Count; i++)
        {
            batch[i].TrySetResult(first + (ulong)i);
        }
    }

    /// <summary>An entry waiting for its index; it is its own completion source, one allocation per append.</summary>
    private sealed class PendingAppend(byte[] entry) : TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public byte[] Entry { get; } = entry;
    }
}
