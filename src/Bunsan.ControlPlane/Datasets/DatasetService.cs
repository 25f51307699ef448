using System.Collections.Immutable;
using Bunsan.ControlPlane.Ledger;
using Bunsan.Federation;
using Bunsan.Federation.Policies;
using Bunsan.Federation.Sites;

namespace Bunsan.ControlPlane.Datasets;

/// <summary>How a catalog change ended: the stored record, or an HTTP status with the error code and a reason naming the fix.</summary>
public sealed record DatasetOutcome(DatasetRecord? Record, int Status, string Error, string Reason, bool SiteSynced = true)
{
    public static DatasetOutcome Done(DatasetRecord record, bool siteSynced = true) => new(record, 200, "", "", siteSynced);

    public static DatasetOutcome Invalid(string reason) => new(null, 400, "invalid", reason);
}

/// <summary>
/// The catalog's changes. Adding a dataset asks its site to load the file first and stores the record only once the site
/// has the rows, so the catalog never lists data no site holds. A policy change or revocation is stored first — the
/// catalog is the owner's word, and the coordinator refuses any site whose verdict names another policy digest — then
/// pushed to the site; a site that missed it gets it again before its next query.
/// </summary>
public sealed class DatasetService(IGrainFactory grains, SiteDataClient sites, ILedgerWriter ledger, ControlPlaneClock clock)
{
    /// <summary>Longest file path accepted: Linux's PATH_MAX.</summary>
    public const int MaxFilePathLength = 4096;

    public async Task<DatasetOutcome> AddAsync(string name, string? site, string? owner, string? file, string? policyJson, CancellationToken cancellationToken)
    {
        List<string> problems = [];
        AddProblem(problems, FederationNames.Problem(name, "name"));
        AddProblem(problems, FederationNames.Problem(owner, "owner"));
        AddProblem(problems, string.IsNullOrEmpty(site) ? "site is missing: name the site that keeps the dataset (see GET /v1/sites)" : null);
        AddProblem(problems, FileProblem(file));
        (UsagePolicy? policy, string? policyProblem) = Parse(policyJson);
        AddProblem(problems, policyProblem);
        if (problems.Count > 0)
        {
            return DatasetOutcome.Invalid(string.Join("; ", problems));
        }
        DatasetRecord? previous = await grains.Dataset(name).Record();
        SiteCall<DatasetLoaded> loaded = await sites.PutAsync<DatasetLoaded>(site!, DatasetPath(name), new DatasetLoadRequest(owner!, file!, policy!.Json), cancellationToken);
        if (!loaded.Succeeded)
        {
            return FromSite(loaded, "file");
        }
        DateTimeOffset now = clock.UtcNow;
        DatasetLoaded shape = loaded.Value!;
        var record = new DatasetRecord(name, site!, owner!, file!, shape.FileDigest,
            [.. shape.Columns.Select(c => new DatasetColumn(c.Name, c.Type))], shape.Rows, policy.Json, policy.Digest,
            Revoked: false, AddedAt: previous?.AddedAt ?? now, PolicyChangedAt: now);
        await grains.Dataset(name).Put(record);
        if (previous is not null && previous.Site != site)
        {
            // Moved: the old site must not keep rows the catalog no longer points at.
            await sites.DeleteAsync(previous.Site, DatasetPath(name), cancellationToken);
        }
        await ledger.DatasetAdded(record);
        return DatasetOutcome.Done(record);
    }

    public async Task<DatasetOutcome> SetPolicyAsync(string name, string? policyJson, CancellationToken cancellationToken)
    {
        (UsagePolicy? policy, string? problem) = Parse(policyJson);
        if (policy is null)
        {
            return DatasetOutcome.Invalid(problem!);
        }
        if (await grains.Dataset(name).Record() is not { } record)
        {
            return NotFound(name);
        }
        record = record with { PolicyJson = policy.Json, PolicyDigest = policy.Digest, Revoked = false, PolicyChangedAt = clock.UtcNow };
        return await StoreAndPushAsync(record, cancellationToken);
    }

    public async Task<DatasetOutcome> RevokeAsync(string name, CancellationToken cancellationToken)
    {
        if (await grains.Dataset(name).Record() is not { } record)
        {
            return NotFound(name);
        }
        return await StoreAndPushAsync(record with { Revoked = true, PolicyChangedAt = clock.UtcNow }, cancellationToken);
    }

    public async Task<DatasetRecord?> RemoveAsync(string name, CancellationToken cancellationToken)
    {
        if (await grains.Dataset(name).Record() is not { } record || !await grains.Dataset(name).Remove())
        {
            return null;
        }
        await sites.DeleteAsync(record.Site, DatasetPath(name), cancellationToken);
        await ledger.DatasetRemoved(record);
        return record;
    }

    /// <summary>Sends a dataset's policy as the catalog holds it to its site (a change the site missed); true when the site has it.</summary>
    public async Task<bool> PushPolicyAsync(DatasetRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        SiteCall<SiteDataError> pushed = await sites.PutAsync<SiteDataError>(record.Site, DatasetPath(record.Name) + "/policy",
            new PolicyUpdate(record.Revoked ? null : record.PolicyJson, record.Revoked), cancellationToken);
        return pushed.Succeeded;
    }

    private async Task<DatasetOutcome> StoreAndPushAsync(DatasetRecord record, CancellationToken cancellationToken)
    {
        await grains.Dataset(record.Name).Put(record);
        await ledger.UsagePolicyChanged(record);
        return DatasetOutcome.Done(record, siteSynced: await PushPolicyAsync(record, cancellationToken));
    }

    private static (UsagePolicy? Policy, string? Problem) Parse(string? policyJson)
    {
        if (string.IsNullOrEmpty(policyJson))
        {
            return (null, "policy is missing: send the usage policy as an ODRL 2.2 JSON-LD object");
        }
        PolicyParseResult parsed = UsagePolicy.Parse(policyJson);
        return parsed.Policy is null
            ? (null, "policy: " + string.Join("; ", parsed.Errors))
            : (parsed.Policy, null);
    }

    private static string? FileProblem(string? file)
    {
        if (string.IsNullOrEmpty(file))
        {
            return "file is missing: give the path of a .csv or .parquet file on the site's machine";
        }
        if (file.Length > MaxFilePathLength || file.Any(char.IsControl) || !Path.IsPathFullyQualified(file))
        {
            return $"file '{FederationNames.Shown(file)}' is not an absolute path of at most {MaxFilePathLength} characters without control characters: the site's agent opens it on its own machine";
        }
        return null;
    }

    private static DatasetOutcome FromSite<T>(SiteCall<T> call, string field) where T : class =>
        call.Unreachable
            ? new DatasetOutcome(null, 503, "site_unreachable", call.Reason + ": nothing was stored; try again when the site is up")
            : new DatasetOutcome(null, call.Status is >= 400 and < 500 ? 400 : 502, call.Error ?? "invalid", $"{field}: {call.Reason}; nothing was stored");

    private static DatasetOutcome NotFound(string name) =>
        new(null, 404, "not_found", $"no dataset '{FederationNames.Shown(name)}' is in the catalog: see GET /v1/datasets");

    private static void AddProblem(List<string> problems, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(problem);
        }
    }

    internal static string DatasetPath(string name) => "v1/data/datasets/" + Uri.EscapeDataString(name);

    /// <summary>Every dataset in the catalog, by name.</summary>
    public async Task<ImmutableArray<DatasetRecord>> ListAsync()
    {
        ImmutableArray<string> names = await grains.DatasetCatalog().List();
        DatasetRecord?[] records = await Task.WhenAll(names.Select(n => grains.Dataset(n).Record()));
        return [.. records.OfType<DatasetRecord>()];
    }
}
