using System.Collections.Immutable;
using System.Diagnostics;
using Bunsan.ControlPlane.Datasets;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Ledger;
using Bunsan.ControlPlane.Privacy;
using Bunsan.Federation.Policies;
using Bunsan.Federation.Privacy;
using Bunsan.Federation.Queries;
using Bunsan.Federation.Sites;

namespace Bunsan.ControlPlane.Queries;

/// <summary>
/// The federated query coordinator. It checks what it can before any site computes (the SQL, the purpose, revoked
/// policies, columns, the privacy budget — reserved atomically per analyst), then runs the two rounds with the
/// datasets' sites (<see cref="QueryRounds"/>): each site checks its owner's policy and computes its fragment; the
/// coordinator learns only the masked sums. It adds differential-privacy noise where a policy asks, suppresses small
/// groups, records the query in the ledger whatever its outcome, and spends ε only when an answer leaves.
/// </summary>
public sealed class QueryCoordinator(IGrainFactory grains, QueryRounds rounds, DatasetService datasets, ILedgerWriter ledger, ControlPlaneOptions options, ControlPlaneClock clock)
{
    public async Task<QueryOutcome> RunAsync(string? sql, string? purpose, string? epsilonText, string analyst, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        QueryParse parse = FederatedSql.Parse(sql ?? "");
        if (parse.Query is not { } query)
        {
            return Invalid("sql: " + parse.Error);
        }
        if (Purposes.Problem(purpose) is { } purposeProblem)
        {
            return Invalid("purpose: " + purposeProblem);
        }
        Epsilon? epsilon = null;
        if (epsilonText is not null)
        {
            if (!Epsilon.TryParse(epsilonText, out Epsilon parsed, out string? epsilonProblem))
            {
                return Invalid("epsilon: " + epsilonProblem);
            }
            if (query.PrivacyProblem is { } privacyProblem)
            {
                return Invalid("epsilon: " + privacyProblem);
            }
            epsilon = parsed;
        }
        ImmutableArray<DatasetRecord> chosen = [.. (await datasets.ListAsync()).Where(d => query.Matches(d.Name))];
        if (chosen.IsEmpty)
        {
            return QueryOutcome.Refused(404, new QueryRefusal("no_datasets", $"no dataset in the catalog matches '{query.Source}': see GET /v1/datasets"));
        }
        string queryId = Guid.NewGuid().ToString("N");
        var request = new PolicyRequest(purpose!, analyst, "", options.Jurisdiction, clock.UtcNow);
        Dictionary<string, string> jurisdictions = await SiteJurisdictionsAsync(chosen);
        if (Precheck(query, chosen, request, jurisdictions, epsilon, out ImmutableArray<DatasetBudget> budgets) is { } refused)
        {
            if (refused.Status == 403)
            {
                await Record(query, queryId, analyst, purpose!, chosen, [], refused.Refusal!.Error, 0, null);
            }
            return refused with { Refusal = refused.Refusal! with { QueryId = queryId } };
        }
        if (epsilon is { } spend && !budgets.IsEmpty)
        {
            BudgetReservation reservation = await grains.PrivacyBudget(analyst).Reserve(queryId, budgets, spend.Value);
            if (!reservation.Granted)
            {
                await Record(query, queryId, analyst, purpose!, chosen, [], "budget_exhausted", 0, null);
                return QueryOutcome.Refused(409, new QueryRefusal("budget_exhausted",
                    $"dataset {reservation.Dataset}: {analyst} has spent ε {reservation.Spent} of its budget {reservation.Total}; this query asks {spend.Value}. Nothing was computed", queryId));
            }
        }
        QueryOutcome outcome = await RunRoundsAsync(query, queryId, purpose!, analyst, epsilon, chosen, budgets, started, cancellationToken);
        if (epsilon is not null && !budgets.IsEmpty)
        {
            await (outcome.Answer is null ? grains.PrivacyBudget(analyst).Refund(queryId) : grains.PrivacyBudget(analyst).Settle(queryId));
        }
        return outcome;
    }

    private async Task<QueryOutcome> RunRoundsAsync(FederatedQuery query, string queryId, string purpose, string analyst, Epsilon? epsilon,
        ImmutableArray<DatasetRecord> chosen, ImmutableArray<DatasetBudget> budgets, long started, CancellationToken cancellationToken)
    {
        var context = new QueryContext(queryId, query, purpose, analyst, options.Jurisdiction, epsilon?.Value, chosen);
        RoundsResult result = await rounds.RunAsync(context, cancellationToken);
        ImmutableArray<LedgerVerdict> verdicts = [.. result.Sites.SelectMany(s => s.Verdicts.Select(v => new LedgerVerdict(s.Site, v.Dataset, v.Allowed, v.PolicyDigest)))];
        if (result.Refusal is { } refusal)
        {
            await Record(query, queryId, analyst, purpose, chosen, verdicts, refusal.Refusal!.Error, 0, null);
            return refusal;
        }
        // The site's verdict is the owner's word. A budget the catalog did not reserve against (the policy changed while the
        // query ran) must not let an answer out unspent.
        if (result.Sites.SelectMany(s => s.Verdicts).FirstOrDefault(v => v.EpsilonBudget is not null && !budgets.Any(b => b.Dataset == v.Dataset)) is { } unreserved)
        {
            await Record(query, queryId, analyst, purpose, chosen, verdicts, "budget_changed", 0, null);
            return QueryOutcome.Refused(409, new QueryRefusal("budget_changed",
                $"dataset {unreserved.Dataset}: its site's policy sets a privacy budget the catalog did not reserve against (the policy changed during the query). Nothing was released: ask again", queryId));
        }
        int minGroupSize = result.Sites.SelectMany(s => s.Verdicts).Select(v => v.MinGroupSize).DefaultIfEmpty(1).Max();
        IReadOnlyList<GroupTotals> totals = epsilon is { } e ? Noised(query.Fragment, result.Totals!, e) : result.Totals!;
        QueryAnswer answer = QueryCombiner.Combine(query, totals, minGroupSize);
        await Record(query, queryId, analyst, purpose, chosen, verdicts, "answered", answer.SuppressedGroups, epsilon?.Value);
        return QueryOutcome.Answered(new QueryAnswerView(queryId, query.Hash, answer.Columns, answer.Rows, answer.SuppressedGroups,
            [.. chosen.Select(d => d.Name)], result.Sites, epsilon?.Value, minGroupSize, result.Traffic,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }

    /// <summary>What the coordinator can refuse before any site computes: revoked policies, missing columns, a missing or unusable ε.</summary>
    private static QueryOutcome? Precheck(FederatedQuery query, ImmutableArray<DatasetRecord> chosen, PolicyRequest request,
        Dictionary<string, string> jurisdictions, Epsilon? epsilon, out ImmutableArray<DatasetBudget> budgets)
    {
        budgets = [];
        if (chosen.Where(d => d.Revoked).Select(d => d.Name).ToList() is { Count: > 0 } revoked)
        {
            return QueryOutcome.Refused(403, new QueryRefusal("policy_refused",
                $"the owners revoked the usage policy of {string.Join(", ", revoked)}: queries on them are refused (narrow the pattern to leave them out)"));
        }
        foreach (DatasetRecord dataset in chosen)
        {
            var columns = dataset.Columns.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (query.Columns.FirstOrDefault(c => !columns.Contains(c)) is { } missing)
            {
                return Invalid($"sql: dataset {dataset.Name} has no column '{missing}' (it has {string.Join(", ", dataset.Columns.Select(c => c.Name))}): query columns every dataset has, or narrow the pattern");
            }
        }
        var needed = new List<DatasetBudget>();
        foreach (DatasetRecord dataset in chosen)
        {
            // The parameter comes from the permission that grants; the verdict itself is the site's, in round one. A policy
            // that refuses this purpose needs no ε: asking for one would hide the real reason, which the site gives.
            UsagePolicy policy = UsagePolicy.Parse(dataset.PolicyJson).Policy!;
            if (policy.Evaluate(request with { ComputeJurisdiction = jurisdictions[dataset.Site] }) is { Allowed: true, EpsilonBudget: { } total })
            {
                if (epsilon is null)
                {
                    return Invalid($"epsilon: the usage policy of {dataset.Name} sets a differential-privacy budget ({total}): pass the ε this query may spend, e.g. --epsilon 0.5");
                }
                needed.Add(new DatasetBudget(dataset.Name, total));
            }
        }
        budgets = [.. needed];
        return null;
    }

    /// <summary>Each site's jurisdiction as it registered it ("" for a site the control plane no longer knows): spatial constraints need it.</summary>
    private async Task<Dictionary<string, string>> SiteJurisdictionsAsync(ImmutableArray<DatasetRecord> chosen)
    {
        var jurisdictions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string site in chosen.Select(d => d.Site).Distinct(StringComparer.Ordinal))
        {
            jurisdictions[site] = (await grains.Site(site).GetStatus())?.Site.Jurisdiction ?? "";
        }
        return jurisdictions;
    }

    /// <summary>Discrete Laplace noise on every group's totals, the query's ε split over its statistics (see Privacy/README.md).</summary>
    private static List<GroupTotals> Noised(FragmentPlan plan, IReadOnlyList<GroupTotals> totals, Epsilon epsilon)
    {
        long[] sensitivities = [.. plan.Sensitivities.Select(s => s!.Value)];
        var rng = new CryptoUniform();
        return [.. totals.Select(group => new GroupTotals(group.Key, PrivacyNoise.Apply(group.Totals, sensitivities, plan.StatisticOf, epsilon, rng)))];
    }

    private Task Record(FederatedQuery query, string queryId, string analyst, string purpose, ImmutableArray<DatasetRecord> chosen,
        ImmutableArray<LedgerVerdict> verdicts, string outcome, int suppressed, decimal? epsilon) =>
        ledger.QueryRun(new QueryLedgerFacts(queryId, query.Hash, analyst, purpose, [.. chosen.Select(d => d.Name)], verdicts, outcome, suppressed, epsilon));

    private static QueryOutcome Invalid(string reason) => QueryOutcome.Refused(400, new QueryRefusal("invalid", reason));
}
