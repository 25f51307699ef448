using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Bunsan.ControlPlane.Plans;
using Bunsan.Core.Functions;
using Bunsan.Core.Sites;
using Bunsan.Ledger.Entries;

namespace Bunsan.ControlPlane.Ledger;

/// <summary>
/// The control plane's entries and their facts (schema in the README's "Ledger" section). Canonical JSON takes
/// integers only, so coordinates are written in microdegrees (≈ 0.1 m, finer than any site needs).
/// </summary>
public static class LedgerRecords
{
    public static Task FunctionDeployed(this ILedgerWriter ledger, FunctionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(spec);
        return ledger.RecordAsync(LedgerEntryKinds.FunctionDeployed, new JsonObject
        {
            ["function"] = spec.Name,
            ["module_digest"] = spec.ModuleDigest,
            ["class"] = spec.Class.Name,
            ["residency"] = Strings(spec.Residency.IsDefault ? [] : spec.Residency),
            ["min_replicas"] = spec.MinReplicas,
            ["max_replicas"] = spec.MaxReplicas,
        });
    }

    public static Task FunctionRemoved(this ILedgerWriter ledger, string name) =>
        Record(ledger, LedgerEntryKinds.FunctionRemoved, new JsonObject { ["function"] = name });

    /// <summary>
    /// Records a join only when the site is new or its registration changed: agents re-register after every
    /// restart, and an entry per restart would bury the joins that matter.
    /// </summary>
    public static Task SiteJoined(this ILedgerWriter ledger, Site site, Site? before)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(site);
        if (before is not null && before with { Health = site.Health } == site)
        {
            return Task.CompletedTask;
        }
        return ledger.RecordAsync(LedgerEntryKinds.SiteJoined, new JsonObject
        {
            ["site"] = site.Id,
            ["name"] = site.Name,
            ["tier"] = site.Tier.ToString().ToLowerInvariant(),
            ["jurisdiction"] = site.Jurisdiction,
            ["lat_microdeg"] = Microdegrees(site.Location.Latitude),
            ["lon_microdeg"] = Microdegrees(site.Location.Longitude),
            ["metro"] = site.Domains.Metro,
            ["region"] = site.Domains.Region,
            ["rejoined"] = before is not null,
        });
    }

    public static Task SiteLeft(this ILedgerWriter ledger, string id) =>
        Record(ledger, LedgerEntryKinds.SiteLeft, new JsonObject { ["site"] = id });

    /// <summary>
    /// One entry per function whose replicas differ from <paramref name="before"/> (the stored placement), and one
    /// with no replicas per function no longer placed. Appended together, so they share one commit.
    /// </summary>
    public static Task PlacementsChanged(this ILedgerWriter ledger, IReadOnlyDictionary<string, string[]> before, IEnumerable<PlannerOutcome> outcomes, long planVersion)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(outcomes);
        var placed = outcomes.ToDictionary(o => o.Spec.Name, StringComparer.Ordinal);
        IEnumerable<Task> moved = placed.Values
            .Where(o => !before.TryGetValue(o.Spec.Name, out string[]? old) || !old.AsSpan().SequenceEqual(o.ReplicaSites.AsSpan()))
            .Select(o => Placement(ledger, o.Spec.Name, o.ReplicaSites, o.Why, planVersion));
        IEnumerable<Task> gone = before.Keys.Where(name => !placed.ContainsKey(name))
            .Select(name => Placement(ledger, name, [], "no longer deployed", planVersion));
        return Task.WhenAll(moved.Concat(gone).ToList());
    }

    private static Task Placement(ILedgerWriter ledger, string function, ImmutableArray<string> replicas, string why, long planVersion) =>
        ledger.RecordAsync(LedgerEntryKinds.PlacementChanged, new JsonObject
        {
            ["function"] = function,
            ["replicas"] = Strings(replicas),
            ["why"] = why,
            ["plan_version"] = planVersion,
        });

    private static Task Record(ILedgerWriter ledger, string kind, JsonObject facts)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return ledger.RecordAsync(kind, facts);
    }

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];

    private static long Microdegrees(double degrees) => (long)Math.Round(degrees * 1_000_000, MidpointRounding.AwayFromZero);
}
