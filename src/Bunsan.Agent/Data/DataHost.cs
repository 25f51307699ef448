using System.Collections.Immutable;
using Bunsan.Core.Sites;
using Bunsan.Federation;
using Bunsan.Federation.Policies;
using Bunsan.Federation.Queries;
using Bunsan.Federation.Sites;

namespace Bunsan.Agent.Data;

/// <summary>An answer of the site data API: the HTTP status and the body to write as JSON.</summary>
public sealed record DataAnswer(int Status, object Body)
{
    public static DataAnswer Ok(object body) => new(200, body);

    public static DataAnswer Refused(int status, string error, string reason) => new(status, new SiteDataError(error, reason));
}

/// <summary>
/// The site's data host (DESIGN.md: DataHost): owners' datasets in this site's DuckDB, their usage policies, and this
/// site's part in federated queries. Every query is checked here against the owner's policy as this site holds it,
/// whatever the coordinator claims; the fragment runs here; what leaves is group keys and a masked vector.
/// </summary>
public sealed class DataHost : IDisposable
{
    private readonly SiteDataStore _store;
    private readonly SitePolicies _policies;
    private readonly PendingQueries _pending;
    private readonly Site _site;
    private readonly TimeProvider _clock;

    private DataHost(SiteDataStore store, SitePolicies policies, Site site, string secret, TimeProvider clock)
    {
        _store = store;
        _policies = policies;
        _site = site;
        _clock = clock;
        _pending = new PendingQueries(clock);
        Secret = secret;
    }

    /// <summary>The bearer secret of this site's data API (sent to the control plane at registration).</summary>
    public string Secret { get; }

    /// <summary>Opens (creating when absent) the data host in <paramref name="directory"/>: the DuckDB store, the policies, the secret.</summary>
    public static DataHost Open(string directory, Site site, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(site);
        Directory.CreateDirectory(directory);
        string secret = ReadOrCreateSecret(Path.Combine(directory, "data.secret"));
        SiteDataStore store = SiteDataStore.Open(directory);
        try
        {
            return new DataHost(store, SitePolicies.Open(directory), site, secret, clock ?? TimeProvider.System);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public DataAnswer Load(string name, DatasetLoadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (DatasetName.Problem(name) is { } nameProblem)
        {
            return DataAnswer.Refused(400, "invalid", "name: " + nameProblem);
        }
        if (FederationNames.Problem(request.Owner, "owner") is { } ownerProblem)
        {
            return DataAnswer.Refused(400, "invalid", ownerProblem);
        }
        PolicyParseResult parsed = UsagePolicy.Parse(request.Policy ?? "");
        if (parsed.Policy is null)
        {
            return DataAnswer.Refused(400, "invalid", "policy: " + string.Join("; ", parsed.Errors));
        }
        DatasetLoad load = _store.Load(name, request.File ?? "");
        if (!load.Ok)
        {
            return DataAnswer.Refused(400, "invalid", load.Error!);
        }
        _policies.Set(name, new SitePolicy(request.Owner, parsed.Policy, Revoked: false));
        DatasetInfo info = load.Dataset!;
        return DataAnswer.Ok(new DatasetLoaded(name, info.RowCount, [.. info.Columns.Select(c => new DatasetColumnInfo(c.Name, c.Type))], info.Digest, parsed.Policy.Digest));
    }

    public DataAnswer SetPolicy(string name, PolicyUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (_policies.Of(name) is not { } current || _store.Describe(name) is null)
        {
            return DataAnswer.Refused(404, "not_found", $"this site holds no dataset '{FederationNames.Shown(name)}'");
        }
        if (update.Revoked)
        {
            _policies.Set(name, current with { Revoked = true });
            return DataAnswer.Ok(new SiteDataError("", ""));
        }
        PolicyParseResult parsed = UsagePolicy.Parse(update.Policy ?? "");
        if (parsed.Policy is null)
        {
            return DataAnswer.Refused(400, "invalid", "policy: " + string.Join("; ", parsed.Errors));
        }
        _policies.Set(name, current with { Policy = parsed.Policy, Revoked = false });
        return DataAnswer.Ok(new SiteDataError("", ""));
    }

    public DataAnswer Remove(string name)
    {
        bool removed = _store.Remove(name);
        _policies.Remove(name);
        return removed ? new DataAnswer(204, new SiteDataError("", "")) : DataAnswer.Refused(404, "not_found", $"this site holds no dataset '{FederationNames.Shown(name)}'");
    }

    /// <summary>
    /// Round one: parse the SQL here (the site never runs SQL it was sent, only what it builds from its own parse), check
    /// every dataset's policy, and only when all allow, run the fragment and keep its groups for round two.
    /// </summary>
    public DataAnswer Prepare(FragmentPrepare request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (FragmentRequests.PrepareProblem(request) is { } problem)
        {
            return DataAnswer.Refused(400, "invalid", problem);
        }
        QueryParse parse = FederatedSql.Parse(request.Sql);
        if (parse.Query is not { } query)
        {
            return DataAnswer.Refused(400, "invalid_query", "sql: " + parse.Error);
        }
        if (request.Datasets.FirstOrDefault(d => !query.Matches(d)) is { } stranger)
        {
            return DataAnswer.Refused(400, "invalid", $"dataset '{FederationNames.Shown(stranger)}' is not what the query reads ({query.Source}): this site answers for the query's datasets only");
        }
        ImmutableArray<DatasetVerdict> verdicts = [.. request.Datasets.Select(d => Verdict(d, request))];
        if (verdicts.Any(v => !v.Allowed))
        {
            return DataAnswer.Ok(new FragmentPrepared(_site.Id, verdicts, null, null));
        }
        FragmentResult fragment = _store.Run(query.Fragment, request.Datasets);
        if (!fragment.Ok)
        {
            return DataAnswer.Refused(400, "fragment_failed", fragment.Error!);
        }
        var party = Bunsan.Federation.SecureAggregation.MaskingParty.Create(request.QueryId, request.Party);
        if (!_pending.TryAdd(request.QueryId, fragment, query.Fragment.PartialCount, request.Parties, party))
        {
            party.Dispose();
            return DataAnswer.Refused(409, "query_pending", $"query {request.QueryId} is already prepared here, or {PendingQueries.MaxPending} queries are pending: use a new query id, or retry shortly");
        }
        return DataAnswer.Ok(new FragmentPrepared(_site.Id, verdicts, Convert.ToBase64String(party.PublicKey.Span), [.. fragment.Groups.Select(g => g.Key)]));
    }

    /// <summary>Round two: this site's partials laid out over the union of groups, range-checked, masked.</summary>
    public DataAnswer Commit(FragmentCommit request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_pending.Take(request.QueryId ?? "") is not { } pending)
        {
            return DataAnswer.Refused(404, "unknown_query", $"query '{FederationNames.Shown(request.QueryId ?? "")}' is not prepared here (or expired after {PendingQueries.Lifetime.TotalSeconds:0} s): run round one again");
        }
        using (pending.Party)
        {
            return FragmentMasking.Mask(pending, request);
        }
    }

    private DatasetVerdict Verdict(string dataset, FragmentPrepare request)
    {
        if (_policies.Of(dataset) is not { } held || _store.Describe(dataset) is null)
        {
            return new DatasetVerdict(dataset, false, $"this site holds no dataset '{dataset}'", 1, null, "");
        }
        string digest = held.Policy.Digest;
        if (held.Revoked)
        {
            return new DatasetVerdict(dataset, false, "the owner revoked this dataset's usage policy", 1, null, digest);
        }
        PolicyEvaluation evaluation = held.Policy.Evaluate(new PolicyRequest(request.Purpose, request.Analyst, _site.Jurisdiction, request.ResultJurisdiction, _clock.GetUtcNow()));
        if (!evaluation.Allowed)
        {
            return new DatasetVerdict(dataset, false, evaluation.Reason, evaluation.MinGroupSize, evaluation.EpsilonBudget, digest);
        }
        string? privacy = (evaluation.EpsilonBudget, request.Epsilon) switch
        {
            ({ }, null) => "the policy sets a differential-privacy budget: the query must spend an ε (--epsilon)",
            ({ } budget, { } epsilon) when epsilon > budget => $"ε {epsilon} is over the policy's whole budget of {budget}",
            _ => null,
        };
        return privacy is null
            ? new DatasetVerdict(dataset, true, evaluation.Reason, evaluation.MinGroupSize, evaluation.EpsilonBudget, digest)
            : new DatasetVerdict(dataset, false, privacy, evaluation.MinGroupSize, evaluation.EpsilonBudget, digest);
    }

    private static string ReadOrCreateSecret(string path)
    {
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { } existing && DataSecrets.IsWellFormed(existing))
        {
            return existing;
        }
        string secret = DataSecrets.Create();
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(secret));
        }
        return secret;
    }

    public void Dispose()
    {
        _pending.Dispose();
        _store.Dispose();
    }
}
