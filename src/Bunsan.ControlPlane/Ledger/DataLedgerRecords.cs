using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Bunsan.ControlPlane.Datasets;
using Bunsan.Ledger.Entries;

namespace Bunsan.ControlPlane.Ledger;

/// <summary>
/// The data federation's entries: every dataset added or removed, every policy change and revocation, and every query
/// with its purpose, datasets, each site's verdicts, the groups suppressed and ε spent — so an owner can check every use
/// of its data offline. ε is a decimal string: canonical JSON takes integers only.
/// </summary>
public static class DataLedgerRecords
{
    public static Task DatasetAdded(this ILedgerWriter ledger, DatasetRecord dataset)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(dataset);
        return ledger.RecordAsync(LedgerEntryKinds.DatasetAdded, new JsonObject
        {
            ["dataset"] = dataset.Name,
            ["site"] = dataset.Site,
            ["owner"] = dataset.Owner,
            ["file_digest"] = dataset.FileDigest,
            ["rows"] = dataset.Rows,
            ["columns"] = dataset.Columns.Length,
            ["policy_digest"] = dataset.PolicyDigest,
        });
    }

    public static Task DatasetRemoved(this ILedgerWriter ledger, DatasetRecord dataset)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(dataset);
        return ledger.RecordAsync(LedgerEntryKinds.DatasetRemoved, new JsonObject { ["dataset"] = dataset.Name, ["owner"] = dataset.Owner });
    }

    public static Task UsagePolicyChanged(this ILedgerWriter ledger, DatasetRecord dataset)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(dataset);
        return ledger.RecordAsync(LedgerEntryKinds.UsagePolicyChanged, new JsonObject
        {
            ["dataset"] = dataset.Name,
            ["owner"] = dataset.Owner,
            ["policy_digest"] = dataset.PolicyDigest,
            ["revoked"] = dataset.Revoked,
        });
    }

    /// <summary>One query, answered or refused: what was asked, why, of which datasets, and what each site said.</summary>
    public static Task QueryRun(this ILedgerWriter ledger, QueryLedgerFacts facts)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(facts);
        return ledger.RecordAsync(LedgerEntryKinds.QueryRun, new JsonObject
        {
            ["query_id"] = facts.QueryId,
            ["query_hash"] = facts.QueryHash,
            ["analyst"] = facts.Analyst,
            ["purpose"] = facts.Purpose,
            ["datasets"] = new JsonArray([.. facts.Datasets.Select(d => (JsonNode)d)]),
            ["verdicts"] = new JsonArray([.. facts.Verdicts.Select(v => (JsonNode)new JsonObject
            {
                ["site"] = v.Site,
                ["dataset"] = v.Dataset,
                ["allowed"] = v.Allowed,
                ["policy_digest"] = v.PolicyDigest,
            })]),
            ["outcome"] = facts.Outcome,
            ["groups_suppressed"] = facts.GroupsSuppressed,
            ["epsilon"] = facts.Epsilon?.ToString(CultureInfo.InvariantCulture),
        });
    }
}

/// <summary>A query's facts for the ledger (see <see cref="DataLedgerRecords.QueryRun"/>); <c>Outcome</c> is "answered" or the refusal's error code.</summary>
public sealed record QueryLedgerFacts(
    string QueryId, string QueryHash, string Analyst, string Purpose, ImmutableArray<string> Datasets,
    ImmutableArray<LedgerVerdict> Verdicts, string Outcome, int GroupsSuppressed, decimal? Epsilon);

public sealed record LedgerVerdict(string Site, string Dataset, bool Allowed, string PolicyDigest);
