namespace Bunsan.Cli.Commands.Chaos;

/// <summary>What `bunsan chaos` runs: one failure injected into a loaded demo federation, and when.</summary>
/// <param name="OutageSeconds">control-plane-down only: how long the control plane stays down.</param>
internal sealed record ChaosOptions(string Scenario, double Seconds, double KillAtSeconds, double RateScale, int Seed, int Sites, double OutageSeconds = 0)
{
    public const string KillAgent = "kill-agent";
    public const string KillRegion = "kill-region";
    public const string ControlPlaneDown = "control-plane-down";

    public static readonly string[] KnownScenarios = [KillAgent, KillRegion, ControlPlaneDown];

    /// <summary>control-plane-down: the busiest edge agent is killed and restarted this long into the outage (or a third of it, if shorter).</summary>
    public double AgentRestartAfterSeconds => Math.Min(5, OutageSeconds / 3);
}
