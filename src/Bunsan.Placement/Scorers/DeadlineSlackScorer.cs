using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Scorers;

/// <summary>
/// Prefers sites that meet the deadline with room to spare: slack = budget − (best RTT + p99 + queue),
/// as a fraction of the budget. Slack absorbs jitter and load spikes the estimates did not see.
/// Functions without a deadline (batch) or without demand score 1 everywhere.
/// </summary>
public sealed class DeadlineSlackScorer : ISiteScorer
{
    public static DeadlineSlackScorer Instance { get; } = new();

    public string Name => "slack";

    public bool DependsOnChosen => false;

    public double Score(PlacementScope scope, int siteIndex, ChosenDomains chosen)
    {
        if (!scope.HasDeadline || scope.Request.Demand.IsDefaultOrEmpty)
        {
            return 1;
        }
        double slack = scope.BudgetMs - scope.BestTotalMsAt(siteIndex);
        return double.IsFinite(slack) ? Math.Clamp(slack / scope.BudgetMs, 0, 1) : 0;
    }
}
