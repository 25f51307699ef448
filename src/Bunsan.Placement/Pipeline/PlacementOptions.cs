using System.Collections.Immutable;

namespace Bunsan.Placement.Pipeline;

/// <summary>
/// How the placement pipeline filters, caps and ranks. Every value has a documented default and a
/// valid range, checked when the options are built, so a bad configuration fails at start-up rather
/// than as an odd placement later.
/// </summary>
public sealed class PlacementOptions
{
    private readonly double _slackWeight = 0.4;
    private readonly double _loadWeight = 0.2;
    private readonly double _energyWeight = 0.2;
    private readonly double _spreadWeight = 0.2;
    private readonly int _feasibleSitesPerDemandPoint = 8;
    private readonly double _referenceCarbon = 3.0;
    private readonly double _targetUtilisation = 0.7;
    private readonly ImmutableArray<string> _filters = ["health", "jurisdiction", "capacity"];

    public static PlacementOptions Default { get; } = new();

    /// <summary>Weight of the deadline-slack scorer. Default 0.4; range 0–100.</summary>
    public double SlackWeight { get => _slackWeight; init => _slackWeight = Weight(value, nameof(SlackWeight)); }

    /// <summary>Weight of the load scorer (1 − utilisation). Default 0.2; range 0–100.</summary>
    public double LoadWeight { get => _loadWeight; init => _loadWeight = Weight(value, nameof(LoadWeight)); }

    /// <summary>Weight of the energy-and-carbon scorer. Default 0.2; range 0–100.</summary>
    public double EnergyWeight { get => _energyWeight; init => _energyWeight = Weight(value, nameof(EnergyWeight)); }

    /// <summary>Weight of the failure-domain spread scorer. Default 0.2; range 0–100.</summary>
    public double SpreadWeight { get => _spreadWeight; init => _spreadWeight = Weight(value, nameof(SpreadWeight)); }

    /// <summary>
    /// The cap on sites examined: the search around a demand point stops (after finishing the ring of
    /// grid cells it is on) once it has found this many deadline-feasible sites spanning at least two
    /// metros, or has exhausted the budget's reach. Default 8; range 2–100,000. Larger values examine
    /// more sites for slightly better scores; cost grows about linearly.
    /// </summary>
    public int FeasibleSitesPerDemandPoint
    {
        get => _feasibleSitesPerDemandPoint;
        init => _feasibleSitesPerDemandPoint = value is >= 2 and <= 100_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(FeasibleSitesPerDemandPoint), value, "use 2 to 100000");
    }

    /// <summary>
    /// Carbon per core-hour (g) at which the energy scorer gives 0.5; the score is ref / (ref + x).
    /// Default 3 g, about a 64-core server drawing 300 W more at peak than idle, PUE 1.5, on a
    /// 450 g/kWh grid. Range (0, 10,000].
    /// </summary>
    public double ReferenceCarbonGramsPerCoreHour
    {
        get => _referenceCarbon;
        init => _referenceCarbon = double.IsFinite(value) && value is > 0 and <= 10_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ReferenceCarbonGramsPerCoreHour), value, "use a number in (0, 10000]");
    }

    /// <summary>
    /// The utilisation a site may reach with the demand placement assigns it: the rest is headroom
    /// for bursts within the planning interval and for stale load estimates. Default 0.7, where an
    /// 8-slot site's expected queue wait is still ~5% of a service time (M/M/c); range (0, 1].
    /// </summary>
    public double TargetUtilisation
    {
        get => _targetUtilisation;
        init => _targetUtilisation = double.IsFinite(value) && value is > 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TargetUtilisation), value, "use a fraction in (0, 1]");
    }

    /// <summary>
    /// Site filters by name, run in this order before the deadline filter (which always runs last:
    /// it defines the budget's reach). Default: health, jurisdiction, capacity (cheapest first).
    /// Known names: see <see cref="PlacementComponents.FilterNames"/>.
    /// </summary>
    public ImmutableArray<string> Filters
    {
        get => _filters;
        init
        {
            if (value.IsDefault || value.Distinct(StringComparer.Ordinal).Count() != value.Length)
            {
                throw new ArgumentException("filters must be a list of distinct names", nameof(Filters));
            }
            foreach (string name in value)
            {
                if (!PlacementComponents.FilterNames.Contains(name))
                {
                    throw new ArgumentException($"unknown filter '{name}': use {string.Join(", ", PlacementComponents.FilterNames)}", nameof(Filters));
                }
            }
            _filters = value;
        }
    }

    /// <summary>
    /// When true, sites the search never examined also get a verdict (their filters run, and the
    /// deadline is checked against every demand point) so `bunsan explain` can give a real reason
    /// for every site. It never changes the chosen replicas. Default false (it costs O(sites × demand)).
    /// </summary>
    public bool ExplainEverySite { get; init; }

    public double TotalWeight => SlackWeight + LoadWeight + EnergyWeight + SpreadWeight;

    private static double Weight(double value, string name) =>
        double.IsFinite(value) && value is >= 0 and <= 100
            ? value
            : throw new ArgumentOutOfRangeException(name, value, "use a weight from 0 to 100");
}
