namespace Bunsan.Ledger.Store;

/// <summary>One stored entry (canonical JSON bytes) and its index in the log.</summary>
public sealed record StoredEntry(ulong Index, byte[] Entry);
