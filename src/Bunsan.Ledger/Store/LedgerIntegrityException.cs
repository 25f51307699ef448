namespace Bunsan.Ledger.Store;

/// <summary>
/// The stored log does not match its latest signed checkpoint (an entry was altered, the log was truncated, or rows
/// were added outside the sequencer). A broken invariant, not an expected outcome: the store refuses to serve.
/// </summary>
public sealed class LedgerIntegrityException(string message) : Exception(message);
