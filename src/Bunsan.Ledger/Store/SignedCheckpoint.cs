using Bunsan.Ledger.Notes;

namespace Bunsan.Ledger.Store;

/// <summary>A checkpoint with the signed note that carries it (what GET /v1/ledger/checkpoint serves, verbatim).</summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, string Note);
