using Bunsan.Placement.Routing;

namespace Bunsan.Agent;

/// <summary>
/// How a gateway routes and whether sites admit by deadline. <see cref="Bunsan"/> is the product; the others are the
/// baselines the simulator defines (Bunsan.Simulation's StrategyPlanner), so `bunsan demo` can measure them on real
/// processes: the same replicas (or, for cloud-only, one core site), nearest routing, no admission and no cores
/// kept for tight requests (one FIFO queue) — every request runs to completion, and a late answer is a miss the caller sees.
/// </summary>
public sealed record GatewayMode(string Name, IRoutingPolicy Policy, bool Admission)
{
    public static GatewayMode Bunsan { get; } = new("bunsan", new DeadlineAwareRoutingPolicy(), Admission: true);

    public static GatewayMode Nearest { get; } = new("nearest", new NearestRoutingPolicy(), Admission: false);

    /// <summary>Every function at the core site nearest Tokyo (<see cref="Core.Topologies.TokyoCore"/>), nearest routing, no admission.</summary>
    public static GatewayMode CloudOnly { get; } = new("cloud-only", new NearestRoutingPolicy(), Admission: false);

    public static IReadOnlyList<GatewayMode> All { get; } = [Bunsan, Nearest, CloudOnly];

    public static GatewayMode? Parse(string? name) => All.FirstOrDefault(m => m.Name == name);
}
