using Bunsan.Ledger.Notes;

namespace Bunsan.Ledger.Store;

/// <summary>Where the ledger lives and how it batches. Validated by <see cref="LedgerStore.Open"/>.</summary>
public sealed class LedgerStoreOptions
{
    /// <summary>SQLite file of the log (the control plane passes one in its data directory). Required.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// The log's origin line, also its key name: a schema-less URL without spaces or '+', e.g. "bunsan.example/ledger".
    /// Fixed for the life of the log: reopening with another origin is refused.
    /// </summary>
    public string Origin { get; set; } = "";

    /// <summary>
    /// Private key file; default: DatabasePath + ".key". Kept apart from the database so that copies and backups of
    /// the database (which anyone auditing may hold) never carry the signing key.
    /// </summary>
    public string? KeyPath { get; set; }

    /// <summary>Most entries one transaction (and one fsync) commits. Default 8,192; range 1..1,000,000.</summary>
    public int MaxBatch { get; set; } = 8192;

    /// <summary>Appends waiting for the sequencer before callers are made to wait. Default 65,536; range 1..10,000,000.</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>Largest entry accepted, in bytes. Default 1 MiB; range 1..16 MiB.</summary>
    public int MaxEntryBytes { get; set; } = 1 << 20;

    internal string ResolvedKeyPath => KeyPath ?? DatabasePath + ".key";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("LedgerStoreOptions.DatabasePath is empty: give the SQLite file of the log");
        }
        if (!NoteKeyId.IsValidName(Origin))
        {
            throw new ArgumentException($"LedgerStoreOptions.Origin '{Origin}' must be non-empty, without white space or '+', e.g. bunsan.example/ledger");
        }
        Check(MaxBatch, 1, 1_000_000, nameof(MaxBatch));
        Check(QueueCapacity, 1, 10_000_000, nameof(QueueCapacity));
        Check(MaxEntryBytes, 1, 16 << 20, nameof(MaxEntryBytes));
    }

    private static void Check(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"LedgerStoreOptions.{name} must be in {min}..{max}");
        }
    }
}
