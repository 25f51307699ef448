using Bunsan.Core.Sites;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Scorers;

/// <summary>
/// Prefers sites where one more busy core emits the least carbon: marginal watts per core
/// ((peak − idle) / cores) × PUE × grid carbon intensity = grams of CO₂ per core-hour.
/// Score = ref / (ref + g), ref = <see cref="PlacementOptions.ReferenceCarbonGramsPerCoreHour"/>,
/// so 0 g scores 1 and the reference scores 0.5.
/// </summary>
public sealed class EnergyCarbonScorer : ISiteScorer
{
    public static EnergyCarbonScorer Instance { get; } = new();

    public string Name => "energy";

    public bool DependsOnChosen => false;

    public static double GramsPerCoreHour(Site site)
    {
        var e = site.Energy;
        double wattsPerCore = Math.Max(0, e.PeakWatts - e.IdleWatts) / Math.Max(1, site.Capacity.Cores);
        return wattsPerCore * Math.Max(1, e.Pue) * Math.Max(0, e.GridCarbonGramsPerKWh) / 1000;
    }

    public double Score(PlacementScope scope, int siteIndex, ChosenDomains chosen)
    {
        double reference = scope.Options.ReferenceCarbonGramsPerCoreHour;
        double grams = GramsPerCoreHour(scope.SiteAt(siteIndex));
        return double.IsFinite(grams) ? reference / (reference + grams) : 0;
    }
}
