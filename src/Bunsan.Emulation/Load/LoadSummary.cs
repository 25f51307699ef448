using System.Collections.Immutable;
using Bunsan.Simulation.Reporting;

namespace Bunsan.Emulation.Load;

/// <summary>Turns the outcomes of a run into its report: per latency class, per serving site, per error.</summary>
internal static class LoadSummary
{
    public const string NoSite = "(none)";

    public static LoadReport Summarise(LoadPlan plan, RequestOutcome[] outcomes, double durationMinutes, LoadGeneratorOptions options)
    {
        var scenario = plan.Scenario;
        int[] requestClass = [.. plan.Requests.Select(r => scenario.FunctionClass[r.Function])];
        bool[] infeasible = [.. plan.Requests.Select(plan.IsInfeasible)];
        var (classes, sites, errors) = Tally(scenario.ClassNames, scenario.ClassBudgetsMs, requestClass, outcomes, infeasible);
        return new LoadReport(
            scenario.Topology.Name,
            plan.Gateways.Length,
            outcomes.Length,
            durationMinutes,
            scenario.Seed,
            options.EmulateWan,
            options.MaxInFlight,
            classes.Sum(c => c.ClientOverloaded),
            classes,
            sites,
            errors);
    }

    /// <param name="requestClass">Index into <paramref name="classNames"/> of each request's latency class.</param>
    /// <param name="infeasible">Per request, whether no site could have answered it in time even idle (none when null).</param>
    public static (ImmutableArray<LoadClassResult> Classes, ImmutableArray<LoadSiteResult> Sites, ImmutableArray<LoadErrorCount> Errors) Tally(
        IReadOnlyList<string> classNames, IReadOnlyList<double> budgetsMs, IReadOnlyList<int> requestClass, IReadOnlyList<RequestOutcome> outcomes,
        IReadOnlyList<bool>? infeasible = null)
    {
        var infeasibleCount = new long[classNames.Count];
        var feasibleHits = new long[classNames.Count];
        var latencies = classNames.Select(_ => new List<double>()).ToArray();
        var counts = new long[classNames.Count, Enum.GetValues<RequestOutcomeKind>().Length];
        var requests = new long[classNames.Count];
        var hits = new long[classNames.Count];
        var sites = new SortedDictionary<string, (long Served, long Hits)>(StringComparer.Ordinal);
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < outcomes.Count; i++)
        {
            RequestOutcome outcome = outcomes[i];
            int c = requestClass[i];
            requests[c]++;
            counts[c, (int)outcome.Kind]++;
            bool feasible = infeasible is null || !infeasible[i];
            infeasibleCount[c] += feasible ? 0 : 1;
            if (outcome.Kind == RequestOutcomeKind.Answered)
            {
                bool hit = outcome.LatencyMs <= budgetsMs[c];
                hits[c] += hit ? 1 : 0;
                feasibleHits[c] += hit && feasible ? 1 : 0;
                latencies[c].Add(outcome.LatencyMs);
                var (served, siteHits) = sites.GetValueOrDefault(outcome.Site ?? NoSite);
                sites[outcome.Site ?? NoSite] = (served + 1, siteHits + (hit ? 1 : 0));
            }
            else if (outcome.Kind == RequestOutcomeKind.Failed)
            {
                string error = outcome.Error ?? "unknown";
                errors[error] = errors.GetValueOrDefault(error) + 1;
            }
        }

        var classes = ImmutableArray.CreateBuilder<LoadClassResult>(classNames.Count);
        for (int c = 0; c < classNames.Count; c++)
        {
            long answered = counts[c, (int)RequestOutcomeKind.Answered];
            long rejected = counts[c, (int)RequestOutcomeKind.Rejected];
            double[] sorted = [.. latencies[c].Order()];
            classes.Add(new LoadClassResult(
                classNames[c],
                double.IsPositiveInfinity(budgetsMs[c]) ? null : budgetsMs[c],
                requests[c],
                infeasibleCount[c],
                hits[c],
                answered - hits[c],
                rejected,
                counts[c, (int)RequestOutcomeKind.Failed],
                counts[c, (int)RequestOutcomeKind.Expired],
                counts[c, (int)RequestOutcomeKind.ClientOverloaded],
                ReportMath.Percent(hits[c], requests[c]),
                ReportMath.Percent(feasibleHits[c], requests[c] - infeasibleCount[c]),
                ReportMath.Percent(rejected, requests[c]),
                ReportMath.Quantile<double>(sorted, 0.50),
                ReportMath.Quantile<double>(sorted, 0.95),
                ReportMath.Quantile<double>(sorted, 0.99)));
        }
        return (classes.MoveToImmutable(),
            [.. sites.Select(s => new LoadSiteResult(s.Key, s.Value.Served, s.Value.Hits))],
            [.. errors.Select(e => new LoadErrorCount(e.Key, e.Value))]);
    }

}
