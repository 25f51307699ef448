using System.Collections.Frozen;
using System.Collections.Immutable;
using Bunsan.Placement.Filters;
using Bunsan.Placement.Scorers;

namespace Bunsan.Placement.Pipeline;

/// <summary>The filters and scorers the pipeline knows, registered by name (one line each).</summary>
public static class PlacementComponents
{
    private static readonly FrozenDictionary<string, ISiteFilter> SiteFilters = new ISiteFilter[]
    {
        HealthFilter.Instance,
        JurisdictionFilter.Instance,
        CapacityFilter.Instance,
    }.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Names accepted in <see cref="PlacementOptions.Filters"/>.</summary>
    public static ImmutableArray<string> FilterNames { get; } = ["health", "jurisdiction", "capacity"];

    public static ISiteFilter Filter(string name) => SiteFilters[name];

    /// <summary>Each scorer with its weight from the options; zero-weight scorers are left out.</summary>
    public static ImmutableArray<(ISiteScorer Scorer, double Weight)> Scorers(PlacementOptions options) =>
        [.. new (ISiteScorer, double)[]
        {
            (DeadlineSlackScorer.Instance, options.SlackWeight),
            (LoadScorer.Instance, options.LoadWeight),
            (EnergyCarbonScorer.Instance, options.EnergyWeight),
            (FailureDomainSpreadScorer.Instance, options.SpreadWeight),
        }.Where(s => s.Item2 > 0)];
}
