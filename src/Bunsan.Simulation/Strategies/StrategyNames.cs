namespace Bunsan.Simulation.Strategies;

/// <summary>The strategies a run can compare.</summary>
public static class StrategyNames
{
    public const string Bunsan = "bunsan";
    public const string CloudOnly = "cloud-only";
    public const string Nearest = "nearest";
    public const string LeastLoaded = "least-loaded";
    public const string Random = "random";

    public static IReadOnlyList<string> All { get; } = [Bunsan, CloudOnly, Nearest, LeastLoaded, Random];
}
