using Bunsan.Placement.Routing;

namespace Bunsan.Simulation.Strategies;

/// <summary>
/// How one strategy serves requests: where each function's replicas are (a routing table per
/// function, indexed like the scenario's functions), how a gateway picks among them, and whether
/// executors run admission (reject at once when the deadline would be missed, and the gateway then
/// tries the next candidate) or run every request to completion, late or not.
/// </summary>
public sealed record StrategyPlan(string Name, IRoutingPolicy Policy, bool UsesAdmission, RoutingTable[] Tables);
