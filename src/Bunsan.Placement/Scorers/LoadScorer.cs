using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Scorers;

/// <summary>Prefers idle sites: 1 − utilisation. Spreads new work away from hot sites before queues form.</summary>
public sealed class LoadScorer : ISiteScorer
{
    public static LoadScorer Instance { get; } = new();

    public string Name => "load";

    public bool DependsOnChosen => false;

    public double Score(PlacementScope scope, int siteIndex, ChosenDomains chosen) => 1 - scope.UtilisationOf(siteIndex);
}
