using Bunsan.Core.Geo;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>What `bunsan demo` runs: each strategy for a while on a fresh federation, with one regional burst.</summary>
internal sealed record DemoOptions(
    IReadOnlyList<string> Strategies,
    double PhaseSeconds,
    double RateScale,
    double BurstFactor,
    int Seed,
    int Sites)
{
    public static readonly string[] KnownStrategies = ["bunsan", "nearest", "cloud-only"];

    /// <summary>Osaka city hall: the burst's centre. 25 km holds Osaka and its neighbours, not Kobe or Kyoto.</summary>
    public static readonly GeoPoint BurstCentre = new(34.6937, 135.5023);

    public const double BurstRadiusKm = 25;

    /// <summary>The burst runs through the middle third of each phase.</summary>
    public double BurstFromMs => PhaseSeconds * 1000 / 3;

    public double BurstToMs => PhaseSeconds * 2000 / 3;
}
