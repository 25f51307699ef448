using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Scorers;

/// <summary>
/// One ranking signal, 0 (worst) to 1 (best). The pipeline blends scorers with the weights in
/// <see cref="PlacementOptions"/>. Scorers that depend on the replicas already chosen say so, and
/// are re-evaluated at each step of replica selection.
/// </summary>
public interface ISiteScorer
{
    string Name { get; }

    /// <summary>True when the score changes as replicas are chosen (failure-domain spread).</summary>
    bool DependsOnChosen { get; }

    double Score(PlacementScope scope, int siteIndex, ChosenDomains chosen);
}
