using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Sites;
using Bunsan.Simulation.Engine;

namespace Bunsan.Emulation.Load;

/// <summary>One request the load generator sends: when, which function, from where, to which gateway.</summary>
/// <param name="TimeMs">When the origin issues it, ms from the start of the run.</param>
/// <param name="Function">Index into <see cref="LoadPlan.Functions"/>.</param>
/// <param name="Origin">Index into the scenario's origin catalog.</param>
/// <param name="Gateway">Index into <see cref="LoadPlan.Gateways"/>: the agent nearest the origin.</param>
/// <param name="OriginLegMs">Modelled one-way latency origin → gateway (half the modelled RTT).</param>
/// <param name="ExecMs">The simulator's draw of its execution time (<see cref="SimulationScenario.Draw"/>).</param>
public readonly record struct PlannedRequest(double TimeMs, int Function, int Origin, int Gateway, double OriginLegMs, double ExecMs = 0);

/// <summary>
/// The simulator's requests, made sendable: the same arrivals, functions and origins that <c>bunsan sim</c> replays
/// for the same inputs and seed (<see cref="SimulationScenario.Draw"/>), each sent to the agent with the smallest
/// modelled RTT from its origin. Only sites whose topology entry has an <c>endpoint</c> are gateways.
/// </summary>
public sealed class LoadPlan
{
    private LoadPlan(SimulationScenario scenario, ImmutableArray<Site> gateways, PlannedRequest[] requests)
    {
        Scenario = scenario;
        Gateways = gateways;
        Requests = requests;
    }

    public SimulationScenario Scenario { get; }

    /// <summary>The sites with an endpoint, in topology order.</summary>
    public ImmutableArray<Site> Gateways { get; }

    /// <summary>Every request, in time order.</summary>
    public PlannedRequest[] Requests { get; }

    public ImmutableArray<FunctionSpec> Functions => Scenario.Functions;

    public GeoPoint OriginLocation(int origin) => Scenario.Origins.Location(origin);

    /// <summary>True when no allowed site of the scenario could answer the request in time even idle (the simulator's test).</summary>
    public bool IsInfeasible(PlannedRequest request) => Scenario.IsInfeasible(request.Function, request.Origin, request.ExecMs);

    /// <summary>The same scenario and gateways with other requests (in time order): a burst, or a window of the run.</summary>
    public LoadPlan WithRequests(PlannedRequest[] requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return new LoadPlan(Scenario, Gateways, requests);
    }

    /// <summary>Plans every arrival of <paramref name="scenario"/>; false (with the fix) when no site has an endpoint.</summary>
    public static bool TryCreate(SimulationScenario scenario, out LoadPlan? plan, out string? error)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ImmutableArray<Site> gateways = [.. scenario.Topology.Sites.Where(s => s.Endpoint is not null)];
        if (gateways.IsEmpty)
        {
            plan = null;
            error = $"no site of topology '{scenario.Topology.Name}' has an endpoint: add e.g. 'endpoint: http://127.0.0.1:7101' to each site whose agent runs";
            return false;
        }

        // Nearest gateway per origin, computed once per origin actually drawn (≤ 1,896 origins × a few gateways).
        var nearest = new (int Gateway, double LegMs)?[scenario.Origins.Count];
        var requests = new PlannedRequest[scenario.Arrivals.Length];
        for (int i = 0; i < requests.Length; i++)
        {
            var arrival = scenario.Arrivals[i];
            (int origin, double execMs) = scenario.Draw(i, arrival.SourceIndex);
            nearest[origin] ??= Nearest(scenario, gateways, scenario.Origins.Location(origin));
            (int gateway, double legMs) = nearest[origin]!.Value;
            requests[i] = new PlannedRequest(arrival.TimeMs, scenario.SourceFunction[arrival.SourceIndex], origin, gateway, legMs, execMs);
        }
        plan = new LoadPlan(scenario, gateways, requests);
        error = null;
        return true;
    }

    /// <summary>
    /// The gateway a client of <paramref name="origin"/> turns to when those in <paramref name="failed"/> refused its
    /// connection: the nearest other one, with its one-way leg; null when none is left.
    /// </summary>
    public (int Gateway, double LegMs)? NextGateway(int origin, IReadOnlyCollection<int> failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return failed.Count >= Gateways.Length ? null : Nearest(Scenario, Gateways, OriginLocation(origin), failed);
    }

    private static (int Gateway, double LegMs) Nearest(SimulationScenario scenario, ImmutableArray<Site> gateways, GeoPoint origin, IReadOnlyCollection<int>? skip = null)
    {
        int best = 0;
        double bestRtt = double.PositiveInfinity;
        for (int g = 0; g < gateways.Length; g++)
        {
            if (skip is not null && skip.Contains(g))
            {
                continue;
            }
            double rtt = scenario.Latency.RttMs(origin, gateways[g].Location);
            if (rtt < bestRtt)
            {
                (best, bestRtt) = (g, rtt);
            }
        }
        return (best, bestRtt / 2);
    }
}
