using Microsoft.Data.Sqlite;

namespace Bunsan.Ledger.Store;

/// <summary>
/// The SQLite side of the store: entries keyed by index (the rowid, so reads by range are B-tree scans) and the one
/// latest checkpoint, written in the same transaction as the entries it commits to. WAL with synchronous=FULL:
/// a commit returns only after the WAL is on disk, and readers never block the sequencer.
/// </summary>
internal sealed class LedgerDatabase : IDisposable
{
    private readonly FileStream _writerLock;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _index;
    private readonly SqliteParameter _entry;

    public LedgerDatabase(string path)
    {
        // One sequencer per log, across processes too: two writers would hand out the same indexes (a fork).
        try
        {
            _writerLock = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.GetType() == typeof(IOException))
        {
            // A plain IOException here is the sharing violation; a missing directory is a subclass and passes through.
            throw new InvalidOperationException($"the ledger {path} is already open for writing (lock file {path}.lock is held): one sequencer per log", e);
        }
        try
        {
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
            _connection = new SqliteConnection(ConnectionString);
            _connection.Open();
            Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
            Execute("""
                CREATE TABLE IF NOT EXISTS ledger_entries (idx INTEGER PRIMARY KEY, entry BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS ledger_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), size INTEGER NOT NULL, note TEXT NOT NULL);
                """);
            _insert = _connection.CreateCommand();
            _insert.CommandText = "INSERT INTO ledger_entries (idx, entry) VALUES ($idx, $entry)";
            _index = _insert.Parameters.Add("$idx", SqliteType.Integer);
            _entry = _insert.Parameters.Add("$entry", SqliteType.Blob);
        }
        catch
        {
            _connection?.Dispose();
            _writerLock.Dispose();
            throw;
        }
    }

    public string ConnectionString { get; }

    /// <summary>The latest checkpoint note, or null for a log that never committed one.</summary>
    public string? ReadCheckpointNote()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT note FROM ledger_checkpoint WHERE id = 1";
        return command.ExecuteScalar() as string;
    }

    /// <summary>Every stored entry in index order, for the verification on open.</summary>
    public IEnumerable<(long Index, byte[] Entry)> ReadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT idx, entry FROM ledger_entries ORDER BY idx";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    /// <summary>Commits a batch and the checkpoint over it atomically: both are stored, or neither.</summary>
    public void Commit(ulong firstIndex, IReadOnlyList<byte[]> entries, ulong checkpointSize, string checkpointNote)
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        for (int i = 0; i < entries.Count; i++)
        {
            _index.Value = checked((long)firstIndex + i);
            _entry.Value = entries[i];
            _insert.ExecuteNonQuery();
        }
        using (var checkpoint = _connection.CreateCommand())
        {
            checkpoint.Transaction = transaction;
            checkpoint.CommandText = "INSERT OR REPLACE INTO ledger_checkpoint (id, size, note) VALUES (1, $size, $note)";
            checkpoint.Parameters.AddWithValue("$size", checked((long)checkpointSize));
            checkpoint.Parameters.AddWithValue("$note", checkpointNote);
            checkpoint.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>Entries [from, to) on a fresh read-only connection, so reads never wait on the sequencer's.</summary>
    public static async Task<IReadOnlyList<StoredEntry>> ReadRangeAsync(string connectionString, ulong from, ulong to, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idx, entry FROM ledger_entries WHERE idx >= $from AND idx < $to ORDER BY idx";
        command.Parameters.AddWithValue("$from", checked((long)from));
        command.Parameters.AddWithValue("$to", checked((long)to));
        var entries = new List<StoredEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new StoredEntry((ulong)reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)));
        }
        return entries;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _connection.Dispose();
        _writerLock.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
