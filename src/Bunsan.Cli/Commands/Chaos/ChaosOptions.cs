namespace Bunsan.Cli.Commands.Chaos;

/// <summary>What `bunsan chaos` runs: one failure injected into a loaded demo federation, and when.</summary>
internal sealed record ChaosOptions(string Scenario, double Seconds, double KillAtSeconds, double RateScale, int Seed, int Sites)
{
    public const string KillAgent = "kill-agent";
    public const string KillRegion = "kill-region";

    public static readonly string[] KnownScenarios = [KillAgent, KillRegion];
}
