using Bunsan.Ledger.Notes;

namespace Bunsan.Ledger.Store;

/// <summary>
/// The log's Ed25519 key, in golang.org/x/mod skey text, in a file readable by its owner only (0600), created at
/// first start. A file rather than a table: whoever can read (or restore) the database must not thereby be able
/// to sign a checkpoint for a rewritten history.
/// </summary>
internal static class LedgerKeyFile
{
    public static NoteSigner LoadOrCreate(string path, string origin, bool logHasCheckpoint)
    {
        if (!File.Exists(path))
        {
            if (logHasCheckpoint)
            {
                throw new LedgerIntegrityException(
                    $"the log has signed checkpoints but its key file {path} is missing: restore the key file (a new key could not prove continuity)");
            }
            using var created = NoteSigner.Generate(origin);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
            {
                writer.Write(created.ExportPrivateKey() + "\n");
            }
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            throw new LedgerIntegrityException($"key file {path} is readable by other users: chmod 600 {path}");
        }
        if (!NoteSigner.TryParse(File.ReadAllText(path).TrimEnd('\n'), out var signer, out string? error))
        {
            throw new LedgerIntegrityException($"key file {path} is not a signer key: {error}");
        }
        if (!string.Equals(signer!.Name, origin, StringComparison.Ordinal))
        {
            string name = signer.Name;
            signer.Dispose();
            throw new LedgerIntegrityException($"key file {path} is for '{name}', not this log's origin '{origin}'");
        }
        return signer;
    }
}
