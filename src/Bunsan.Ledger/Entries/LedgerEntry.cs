using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bunsan.Ledger.Entries;

/// <summary>
/// The entry schema: one canonical JSON object <c>{"at":"2026-11-23T13:42:43.123Z","kind":"site.joined",...}</c>.
/// "kind" names what happened (see <see cref="LedgerEntryKinds"/>), "at" is when, in UTC with milliseconds;
/// the other members are the kind's facts (ids, datasets, purpose, verdicts, budget spent).
/// </summary>
public static partial class LedgerEntry
{
    public static byte[] Create(string kind, DateTimeOffset at, JsonObject? facts = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!KindPattern().IsMatch(kind))
        {
            throw new ArgumentException($"kind '{kind}' must be lowercase words joined by '.', '-' or '_', e.g. site.joined", nameof(kind));
        }
        var entry = new JsonObject
        {
            ["kind"] = kind,
            ["at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in facts ?? [])
        {
            if (name is "kind" or "at")
            {
                throw new ArgumentException($"fact '{name}' is reserved by the entry schema", nameof(facts));
            }
            entry[name] = value?.DeepClone();
        }
        return CanonicalJson.Serialize(entry);
    }

    [GeneratedRegex(@"^[a-z][a-z0-9]*([._-][a-z0-9]+)*\z")]
    private static partial Regex KindPattern();
}

/// <summary>The kinds of entry the control plane writes (issue 6).</summary>
public static class LedgerEntryKinds
{
    public const string FunctionDeployed = "function.deployed";
    public const string FunctionRemoved = "function.removed";
    public const string PlacementChanged = "placement.changed";
    public const string SiteJoined = "site.joined";
    public const string SiteLeft = "site.left";
    public const string DatasetAdded = "dataset.added";
    public const string DatasetRemoved = "dataset.removed";
    public const string UsagePolicyChanged = "usage-policy.changed";
    public const string QueryRun = "query.run";
}
