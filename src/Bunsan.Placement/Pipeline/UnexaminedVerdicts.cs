using System.Globalization;
using Bunsan.Placement.Filters;

namespace Bunsan.Placement.Pipeline;

/// <summary>
/// Verdicts for the sites a placement never examined (beyond the budget's reach, or past the cap),
/// for `bunsan explain`. Runs the site filters and checks the deadline against every demand point,
/// O(sites × demand); it runs after replica selection, so it never changes the decision.
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
            if (!search.Examine(site))
            {
                verdicts.Add(search.Rejected[rejectedBefore]);
                continue;
            }
            ref var evidence = ref scope.EvidenceOf(site);
            var demand = scope.Request.Demand;
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
            string id = scope.SiteAt(site).Id;
            string? reason = DeadlineFilter.Instance.Reject(scope, site);
            verdicts.Add(reason is not null
                ? new SiteVerdict(site, id, false, DeadlineFilter.Instance.Name, reason, 0)
                : new SiteVerdict(site, id, false, "cap", string.Create(CultureInfo.InvariantCulture,
                    $"not examined: the search stopped after {scope.Options.FeasibleSitesPerDemandPoint} feasible sites in 2 metros nearer the demand; " +
                    $"it would serve {evidence.FeasibleDemand} demand point(s), best RTT {evidence.BestRttMs:0.0} ms, total {evidence.BestTotalMs:0.0} ms"), 0));
        }
    }
}
