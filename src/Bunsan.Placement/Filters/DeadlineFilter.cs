using System.Globalization;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Filters;

/// <summary>
/// Deadline feasibility for the demand a replica would serve: RTT(origin, site) + p99 execution +
/// expected queueing must fit the budget for at least one demand point. Batch functions have no
/// deadline. It judges the evidence the pipeline's search gathered (RTTs are computed only for
/// sites within the budget's reach), so it always runs after the site filters.
/// </summary>
public sealed class DeadlineFilter : ISiteFilter
{
    public static DeadlineFilter Instance { get; } = new();

    public string Name => "deadline";

    public string? Reject(PlacementScope scope, int siteIndex)
    {
        if (!scope.HasDeadline || scope.Request.Demand.IsDefaultOrEmpty || scope.FeasibleDemandAt(siteIndex) > 0)
        {
            return null;
        }
        double total = scope.BestTotalMsAt(siteIndex);
        double rtt = scope.BestRttMsAt(siteIndex);
        if (double.IsPositiveInfinity(total) && scope.NearestDemandAt(siteIndex) >= 0)
        {
            // Beyond the reach of every demand point that searched here: the search skipped the
            // model, so ask it once now, for the nearest one, to give the reason its numbers.
            total = scope.TotalMs(scope.NearestDemandAt(siteIndex), siteIndex, out rtt, out _);
        }
        if (double.IsPositiveInfinity(total))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"deadline: no demand point can reach it within the {scope.BudgetMs:0.###} ms budget (nearest {scope.NearestDemandKmAt(siteIndex):0} km)");
        }
        double p99 = scope.Function.Execution.P99Ms;
        return string.Create(CultureInfo.InvariantCulture,
            $"deadline: best RTT {rtt:0.0} ms + p99 {p99:0.0} ms + queue {total - rtt - p99:0.0} ms = {total:0.0} ms > budget {scope.BudgetMs:0.###} ms for the demand it would serve");
    }
}
