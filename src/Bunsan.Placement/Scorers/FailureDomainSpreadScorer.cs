using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Scorers;

/// <summary>
/// Prefers failure domains not yet used by the function's replicas: 1 for a new region (or the first
/// replica), 0.5 for a new metro in a used region, 0 for a metro that already hosts a replica.
/// </summary>
public sealed class FailureDomainSpreadScorer : ISiteScorer
{
    public static FailureDomainSpreadScorer Instance { get; } = new();

    public string Name => "spread";

    public bool DependsOnChosen => true;

    public double Score(PlacementScope scope, int siteIndex, ChosenDomains chosen)
    {
        if (!chosen.HasRegion(scope.Index.RegionOf(siteIndex)))
        {
            return 1;
        }
        return chosen.HasMetro(scope.Index.MetroOf(siteIndex)) ? 0 : 0.5;
    }
}
