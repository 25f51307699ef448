using System.Security.Cryptography;
using System.Text;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Notes;

namespace Bunsan.Ledger.Store;

/// <summary>
/// The check on open: the latest checkpoint must be signed by this log's key, and re-hashing every stored entry must
/// give exactly its size and root. Catches an altered entry, a truncated or extended log, and a forged checkpoint.
/// </summary>
internal static class LedgerVerification
{
    public static SignedCheckpoint VerifyStored(LedgerDatabase database, NoteVerifierKey key, string origin, string note, MerkleTree tree)
    {
        var opened = SignedNote.Open(Encoding.UTF8.GetBytes(note), [key]);
        if (!opened.Valid)
        {
            throw new LedgerIntegrityException($"the stored checkpoint is not signed by this log's key {key}: {opened.Reason}");
        }
        if (!Checkpoint.TryParse(opened.Text, out var checkpoint, out string? error))
        {
            throw new LedgerIntegrityException($"the stored checkpoint does not parse: {error}");
        }
        if (!string.Equals(checkpoint!.Origin, origin, StringComparison.Ordinal))
        {
            throw new LedgerIntegrityException($"the log's origin is '{checkpoint.Origin}', not '{origin}': open it with its own origin");
        }
        foreach (var (index, entry) in database.ReadAll())
        {
            if ((ulong)index != tree.Size)
            {
                throw new LedgerIntegrityException($"entry {tree.Size} is missing (next stored index is {index}): the log was altered");
            }
            tree.AppendEntry(entry);
        }
        if (tree.Size < checkpoint.Size)
        {
            throw new LedgerIntegrityException($"the log holds {tree.Size} entries but its checkpoint commits to {checkpoint.Size}: it was truncated");
        }
        if (tree.Size > checkpoint.Size)
        {
            throw new LedgerIntegrityException($"the log holds {tree.Size} entries but its checkpoint commits to {checkpoint.Size}: entries were added outside the sequencer");
        }
        byte[] root = tree.Root(tree.Size);
        if (!CryptographicOperations.FixedTimeEquals(root, checkpoint.RootHash))
        {
            throw new LedgerIntegrityException(
                $"the stored entries hash to root {Convert.ToHexStringLower(root)}, but the checkpoint for size {checkpoint.Size} says {Convert.ToHexStringLower(checkpoint.RootHash)}: a stored entry was altered");
        }
        return new SignedCheckpoint(checkpoint, note);
    }
}
