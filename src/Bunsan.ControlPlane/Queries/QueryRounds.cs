using System.Buffers.Binary;
using System.Collections.Immutable;
using Bunsan.ControlPlane.Datasets;
using Bunsan.Federation.Queries;
using Bunsan.Federation.SecureAggregation;
using Bunsan.Federation.Sites;

namespace Bunsan.ControlPlane.Queries;

/// <summary>What a query's two rounds need to know.</summary>
public sealed record QueryContext(
    string QueryId, FederatedQuery Query, string Purpose, string Analyst, string ResultJurisdiction, decimal? Epsilon,
    ImmutableArray<DatasetRecord> Datasets);

/// <summary>The rounds' outcome: every group's summed partials, or the refusal; the verdicts and the traffic either way.</summary>
public sealed record RoundsResult(IReadOnlyList<GroupTotals>? Totals, IReadOnlyList<SiteVerdicts> Sites, QueryTraffic Traffic, QueryOutcome? Refusal);

/// <summary>
/// The two rounds of pairwise-mask secure aggregation with the datasets' sites (one masking party per site).
/// Round one (prepare): each site checks its owners' policies, computes its fragment, answers with verdicts, an
/// ephemeral public key and its group keys. Round two (commit): each site gets every key and the union of groups and
/// returns its masked vector; the masks cancel only in the sum of all of them. A site missing in either round fails
/// the query, naming it — a sum without one site's vector is noise, never a smaller total. A site whose verdict names
/// a policy other than the catalog's is sent the catalog's and the rounds start again once.
/// </summary>
public sealed class QueryRounds(SiteDataClient sites, DatasetService datasets)
{
    public async Task<RoundsResult> RunAsync(QueryContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        List<(string Site, List<string> Datasets)> parties = [.. context.Datasets.GroupBy(d => d.Site, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(d => d.Name).Order(StringComparer.Ordinal).ToList()))];
        var traffic = new Traffic();
        for (int attempt = 0; ; attempt++)
        {
            // A retry is a new query at the sites: the first attempt's pairwise keys must never mask a second vector.
            string wireId = attempt == 0 ? context.QueryId : Guid.NewGuid().ToString("N");
            SiteCall<FragmentPrepared>[] prepared = await Task.WhenAll(parties.Select((p, i) => sites.PostAsync<FragmentPrepared>(p.Site, "v1/data/queries/prepare",
                new FragmentPrepare(wireId, context.Query.Text, context.Purpose, context.Analyst, context.ResultJurisdiction, p.Datasets, i, parties.Count, context.Epsilon),
                cancellationToken)));
            traffic.Add(prepared);
            List<SiteVerdicts> verdicts = [.. parties.Zip(prepared, (p, call) => new SiteVerdicts(p.Site, p.Datasets, call.Value?.Verdicts ?? []))];
            if (Failed(parties, prepared, "round one (policy check and fragment)", verdicts, traffic) is { } failed)
            {
                return failed;
            }
            List<DatasetRecord> stale = [.. context.Datasets.Where(d => verdicts.SelectMany(v => v.Verdicts).Any(v => v.Dataset == d.Name && v.PolicyDigest != d.PolicyDigest))];
            if (stale.Count > 0)
            {
                bool pushed = (await Task.WhenAll(stale.Select(d => datasets.PushPolicyAsync(d, cancellationToken)))).All(ok => ok);
                if (attempt == 0 && pushed)
                {
                    continue;
                }
                return Refuse(503, "policy_out_of_sync", $"the sites of {string.Join(", ", stale.Select(d => d.Name))} hold another usage policy than the catalog and did not take the catalog's: try again shortly", verdicts, traffic);
            }
            if (verdicts.SelectMany(s => s.Verdicts.Select(v => (s.Site, v))).FirstOrDefault(x => !x.v.Allowed) is { v: not null } refusal)
            {
                return Refuse(403, "policy_refused", $"site {refusal.Site} refused dataset {refusal.v.Dataset}: {refusal.v.Reason}", verdicts, traffic);
            }
            return await CommitAsync(context, wireId, parties, prepared, verdicts, traffic, cancellationToken);
        }
    }

    private async Task<RoundsResult> CommitAsync(QueryContext context, string wireId, List<(string Site, List<string> Datasets)> parties,
        SiteCall<FragmentPrepared>[] prepared, List<SiteVerdicts> verdicts, Traffic traffic, CancellationToken cancellationToken)
    {
        List<GroupKey> groups = [.. prepared.SelectMany(p => p.Value!.Groups ?? []).Distinct().Order()];
        List<string> keys = [.. prepared.Select(p => p.Value!.PublicKey ?? "")];
        SiteCall<FragmentMasked>[] masked = await Task.WhenAll(parties.Select(p => sites.PostAsync<FragmentMasked>(p.Site, "v1/data/queries/commit",
            new FragmentCommit(wireId, keys, groups), cancellationToken)));
        traffic.Add(masked);
        if (Failed(parties, masked, "round two (the masked vector)", verdicts, traffic) is { } failed)
        {
            return failed;
        }
        int partials = context.Query.Fragment.PartialCount;
        var vectors = new List<ulong[]>(parties.Count);
        for (int i = 0; i < parties.Count; i++)
        {
            if (Decode(masked[i].Value!.Masked, groups.Count * partials) is not { } vector)
            {
                return Refuse(502, "bad_answer", $"site {parties[i].Site} returned a masked vector of the wrong length: no answer was released", verdicts, traffic);
            }
            vectors.Add(vector);
        }
        ulong[] sum = MaskedSum.Add(vectors);
        List<GroupTotals> totals = [.. groups.Select((key, g) => new GroupTotals(key, [.. sum.AsSpan(g * partials, partials).ToArray().Select(v => unchecked((long)v))]))];
        return new RoundsResult(totals, verdicts, traffic.Total, null);
    }

    /// <summary>Null when every site answered; otherwise the refusal naming the sites that did not (or what the first one said).</summary>
    private static RoundsResult? Failed<T>(List<(string Site, List<string> Datasets)> parties, SiteCall<T>[] calls, string round,
        List<SiteVerdicts> verdicts, Traffic traffic) where T : class
    {
        List<string> missing = [.. parties.Zip(calls).Where(x => x.Second.Unreachable).Select(x => x.First.Site)];
        if (missing.Count > 0)
        {
            string why = string.Join("; ", calls.Where(c => c.Unreachable).Select(c => c.Reason).Take(3));
            return new RoundsResult(null, verdicts, traffic.Total, QueryOutcome.Refused(503, new QueryRefusal("sites_missing",
                $"site(s) {string.Join(", ", missing)} did not answer {round}: no answer was released, since a total without them would be wrong ({why})",
                Sites: verdicts, MissingSites: missing)));
        }
        if (calls.FirstOrDefault(c => !c.Succeeded) is { } refused)
        {
            return Refuse(refused.Status is >= 400 and < 500 ? 400 : 502, refused.Error ?? "failed", refused.Reason, verdicts, traffic);
        }
        return null;
    }

    private static RoundsResult Refuse(int status, string error, string reason, List<SiteVerdicts> verdicts, Traffic traffic) =>
        new(null, verdicts, traffic.Total, QueryOutcome.Refused(status, new QueryRefusal(error, reason, Sites: verdicts)));

    private static ulong[]? Decode(string base64, int elements)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64 ?? "");
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length != elements * sizeof(ulong))
        {
            return null;
        }
        var vector = new ulong[elements];
        for (int i = 0; i < elements; i++)
        {
            vector[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)));
        }
        return vector;
    }

    /// <summary>Bytes each way over every call of the query.</summary>
    private sealed class Traffic
    {
        private long _sent;
        private long _received;

        public QueryTraffic Total => new(_sent, _received);

        public void Add<T>(IEnumerable<SiteCall<T>> calls) where T : class
        {
            foreach (SiteCall<T> call in calls)
            {
                _sent += call.BytesSent;
                _received += call.BytesReceived;
            }
        }
    }
}
