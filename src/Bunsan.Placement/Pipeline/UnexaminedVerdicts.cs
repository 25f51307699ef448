using System.Globalization;
using Bunsan.Placement.Filters;

namespace Bunsan.Placement.Pipeline;

/// <summary>
/// Verdicts for sites that pass every filter but did not become candidates, and, for `bunsan
/// explain`, for the sites a placement never examined (beyond the budget's reach, or past the cap).
/// The search only measures a site against the demand points whose walk reached it, so a site it
/// found infeasible may still serve a point whose walk stopped at the cap first: judging it against
/// every demand point tells "deadline" (no point can be served) from "cap" (one could, but enough
/// nearer sites already serve it). Runs after replica selection, so it never changes the decision.
/// </summary>
internal static class UnexaminedVerdicts
{
    public static void AddTo(List<SiteVerdict> verdicts, PlacementScope scope, DemandSearch search)
    {
        for (int site = 0; site < scope.Index.SiteCount; site++)
        {
            if (scope.EvidenceOf(site).Progress != SiteProgress.NotExamined)
            {
                continue;
            }
            int rejectedBefore = search.Rejected.Count;
            verdicts.Add(search.Examine(site) ? Judge(scope, site) : search.Rejected[rejectedBefore]);
        }
    }

    /// <summary>The verdict for a site that passed the filters and is not a candidate, against all demand.</summary>
    public static SiteVerdict Judge(PlacementScope scope, int site)
    {
        ref var evidence = ref scope.EvidenceOf(site);
        var demand = scope.Request.Demand;
        if (scope.HasDeadline && !demand.IsEmpty)
        {
            evidence.FeasibleDemand = 0;
            evidence.BestTotalMs = double.PositiveInfinity;
            evidence.BestRttMs = double.PositiveInfinity;
            for (int d = 0; d < demand.Length; d++)
            {
                double total = scope.TotalMs(d, site, out double rtt, out _);
                if (total < evidence.BestTotalMs)
                {
                    evidence.BestTotalMs = total;
                    evidence.BestRttMs = rtt;
                }
                if (total <= scope.BudgetMs)
                {
                    evidence.FeasibleDemand++;
                }
            }
        }
        string id = scope.SiteAt(site).Id;
        string? reason = DeadlineFilter.Instance.Reject(scope, site);
        return reason is not null
            ? new SiteVerdict(site, id, false, DeadlineFilter.Instance.Name, reason, 0)
            : new SiteVerdict(site, id, false, "cap", CapReason(scope, evidence), 0);
    }

    private static string CapReason(PlacementScope scope, in SiteEvidence evidence) =>
        scope.HasDeadline && !scope.Request.Demand.IsEmpty
            ? string.Create(CultureInfo.InvariantCulture,
                $"not a candidate: passes every filter, but the search stopped after {scope.Options.FeasibleSitesPerDemandPoint} feasible sites in 2 metros nearer the demand; " +
                $"it could serve {evidence.FeasibleDemand} demand point(s), best RTT {evidence.BestRttMs:0.0} ms, total {evidence.BestTotalMs:0.0} ms")
            : "not a candidate: passes every filter, but enough lower-carbon sites in 2 metros passed first (no deadline: the search goes greenest first)";
}
