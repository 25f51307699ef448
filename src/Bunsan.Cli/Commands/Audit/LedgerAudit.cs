using System.Text;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Notes;

namespace Bunsan.Cli.Commands;

/// <summary>What one online verification established: the checkpoint now trusted, and how much was proven.</summary>
internal sealed record AuditOutcome(ProofResult Result, Checkpoint? Checkpoint, string Message);

/// <summary>
/// `audit verify`'s checks, in order: the latest checkpoint is signed by the given key and names the key's origin;
/// it extends the checkpoint seen last time (a consistency proof; shrinking, or a different root at the same size,
/// is a fork); and each entry asked for (by default every entry new since then) has an inclusion proof in it,
/// checked against the leaf hash computed here from the entry's bytes.
/// </summary>
internal static class LedgerAudit
{
    public static AuditOutcome Verify(LedgerClient client, NoteVerifierKey key, SeenCheckpoint? seen, IReadOnlyList<ulong>? indexes)
    {
        NoteVerification note = SignedNote.Open(Encoding.UTF8.GetBytes(client.Checkpoint()), [key]);
        if (!note.Valid)
        {
            return Invalid($"checkpoint: {note.Reason}");
        }
        if (!Checkpoint.TryParse(note.Text, out Checkpoint? checkpoint, out string? error))
        {
            return Invalid($"checkpoint: {error}");
        }
        if (checkpoint!.Origin != key.Name)
        {
            return Invalid($"checkpoint: origin '{AuditInputs.Shorten(checkpoint.Origin)}' is not the key's log '{key.Name}'");
        }
        if (checkpoint.RootHash.Length != MerkleHash.Size)
        {
            return Invalid($"checkpoint: root is {checkpoint.RootHash.Length} bytes, not a SHA-256 hash");
        }
        foreach (ulong index in indexes ?? [])
        {
            if (index >= checkpoint.Size)
            {
                throw new BadInputException("--index", $"entry {index} is not in the log yet (its checkpoint counts {checkpoint.Size} entries): pass an index below {checkpoint.Size}");
            }
        }
        ProofResult extends = Extends(client, seen, checkpoint);
        if (!extends.Valid)
        {
            return new AuditOutcome(extends, null, extends.Reason!);
        }
        ulong from = seen?.Size ?? 0;
        IEnumerable<(ulong Index, byte[] Entry)> entries = indexes is null
            ? client.Entries(from, checkpoint.Size)
            : indexes.Select(i => client.Entries(i, i + 1).Single());
        ulong proven = 0;
        foreach ((ulong index, byte[] entry) in entries)
        {
            ProofResult included = MerkleVerifier.VerifyInclusion(index, checkpoint.Size, MerkleHash.Leaf(entry), client.InclusionProof(index, checkpoint.Size), checkpoint.RootHash);
            if (!included.Valid)
            {
                return Invalid($"entry {index} is not in the checkpoint of size {checkpoint.Size}: {included.Reason}");
            }
            proven++;
        }
        string history = seen is null
            ? "first check of this log: its checkpoint is trusted on first use"
            : $"consistent with the checkpoint of size {seen.Size} verified {seen.VerifiedAt:u}";
        return new AuditOutcome(ProofResult.Ok, checkpoint,
            $"checkpoint {checkpoint.Origin} size {checkpoint.Size} signed by {key.Name}; {history}; {proven} entries proven included");
    }

    private static ProofResult Extends(LedgerClient client, SeenCheckpoint? seen, Checkpoint now)
    {
        if (seen is null)
        {
            return ProofResult.Ok;
        }
        byte[] oldRoot = Convert.FromHexString(seen.RootHex);
        if (now.Size < seen.Size)
        {
            return ProofResult.Fail($"the log shrank from {seen.Size} entries (verified {seen.VerifiedAt:u}) to {now.Size}: it was truncated or forked");
        }
        if (now.Size == seen.Size || seen.Size == 0)
        {
            // Size 0 has one root (the empty tree's), and every tree extends it: there is nothing to prove.
            return now.Size == seen.Size && !now.RootHash.AsSpan().SequenceEqual(oldRoot)
                ? ProofResult.Fail($"the log has the same size {now.Size} as when verified {seen.VerifiedAt:u} but a different root: it was forked")
                : ProofResult.Ok;
        }
        ProofResult consistent = MerkleVerifier.VerifyConsistency(seen.Size, now.Size, oldRoot, now.RootHash, client.ConsistencyProof(seen.Size, now.Size));
        return consistent.Valid
            ? consistent
            : ProofResult.Fail($"the log of size {now.Size} does not extend the one of size {seen.Size} verified {seen.VerifiedAt:u} (forked or rewritten): {consistent.Reason}");
    }

    private static AuditOutcome Invalid(string reason) => new(ProofResult.Fail(reason), null, reason);
}
