using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bunsan.Ledger.Entries;
using Bunsan.Ledger.Notes;
using Bunsan.Ledger.Store;

namespace Bunsan.ControlPlane.Ledger;

/// <summary>
/// The control plane's ledger: one <see cref="LedgerStore"/> per process at DATA/ledger.db, its signing key at
/// DATA/ledger.db.key. Opened (and so fully re-verified) before the server starts: a log that fails verification
/// stops the start with <see cref="LedgerIntegrityException"/>, because serving on would sign new checkpoints over
/// a history nobody can check.
/// </summary>
public sealed class ControlPlaneLedger : ILedgerWriter, IAsyncDisposable
{
    public const string DatabaseFileName = "ledger.db";

    private readonly ControlPlaneClock _clock;

    private ControlPlaneLedger(LedgerStore store, ControlPlaneClock clock)
    {
        Store = store;
        _clock = clock;
    }

    public LedgerStore Store { get; }

    /// <summary>
    /// Opens the ledger in <paramref name="dataDirectory"/>. The origin (also the key's name) is "bunsan/" and a
    /// random 64-bit federation id chosen at first start; later starts read it back from the key file, so it is
    /// stable for the life of the data directory, and two federations' checkpoints can never be confused.
    /// </summary>
    public static ControlPlaneLedger Open(string dataDirectory, ControlPlaneClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        string path = Path.Combine(Path.GetFullPath(dataDirectory), DatabaseFileName);
        var options = new LedgerStoreOptions { DatabasePath = path, Origin = Origin(path + ".key") };
        try
        {
            return new ControlPlaneLedger(LedgerStore.Open(options), clock);
        }
        catch (LedgerIntegrityException e)
        {
            throw new LedgerIntegrityException(
                $"the control plane's ledger {path} failed verification, so the control plane will not start: {e.Message}. " +
                "Restore ledger.db (and ledger.db.key) from a backup taken while it verified; never delete them to get going, " +
                "auditors holding older checkpoints would see a forked log");
        }
    }

    public async Task RecordAsync(string kind, JsonObject facts) =>
        await Store.AppendAsync(LedgerEntry.Create(kind, _clock.UtcNow, facts)).ConfigureAwait(false);

    public ValueTask DisposeAsync() => Store.DisposeAsync();

    private static string Origin(string keyPath)
    {
        if (File.Exists(keyPath) && NoteSigner.TryParse(File.ReadAllText(keyPath).TrimEnd('\n'), out NoteSigner? signer, out _))
        {
            using (signer)
            {
                return signer!.Name;
            }
        }
        // An unreadable key file falls through to a fresh origin: LedgerStore.Open then names the real problem.
        return "bunsan/" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    }
}
