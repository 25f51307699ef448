using System.Collections.Immutable;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Bunsan.Protocol;
using Bunsan.Protocol.V1;

namespace Bunsan.Agent.Control;

/// <summary>
/// Turns the control plane's desired state into the <see cref="Federation"/> this agent routes by: the plan's sites
/// (a site the message describes badly is left out, with the reason), its functions with their replicas, and this
/// site's place among them. In the cloud-only baseline every function's only replica is the core site nearest Tokyo.
/// </summary>
public static class DesiredStateMapping
{
    /// <param name="self">This site as it runs now: it replaces the plan's entry for it (a restarted agent may listen elsewhere than its cached plan says).</param>
    public static (Federation? Federation, IReadOnlyList<string> Problems) ToFederation(DesiredState state, Site self, GatewayMode mode)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(mode);
        var problems = new List<string>();
        var sites = new List<Site>();
        foreach (SiteDescription message in state.Sites)
        {
            (Site? site, IReadOnlyList<string> errors) = SiteMessages.FromMessage(message);
            if (site is null)
            {
                problems.Add($"site {message.Id} left out: {string.Join("; ", errors)}");
                continue;
            }
            sites.Add(site.Id == self.Id ? self with { Health = site.Health } : site);
        }
        var topology = new Topology("plan-" + state.Version, [.. sites]);
        int selfIndex = topology.IndexOf(self.Id);
        if (selfIndex < 0)
        {
            problems.Add($"the plan does not list this site ({self.Id}) yet");
            return (null, problems);
        }
        ILatencyModel latency = FittedLatencyModel.Default;
        GeoPoint[] locations = [.. topology.Sites.Select(s => s.Location)];
        int cloud = mode == GatewayMode.CloudOnly ? TokyoCore.SiteIndex(topology.Sites) : -1;
        var routes = new List<FunctionRoute>();
        foreach (FunctionPlacement placement in state.Functions)
        {
            (FunctionSpec? spec, IReadOnlyList<string> errors) = FunctionMessages.FromMessage(placement);
            if (spec is null)
            {
                problems.Add($"function {placement.Name} left out: {string.Join("; ", errors)}");
                continue;
            }
            ImmutableArray<int> replicas = cloud >= 0
                ? [cloud]
                : [.. placement.ReplicaSites.Select(topology.IndexOf).Where(i => i >= 0)];
            routes.Add(new FunctionRoute(spec, replicas, locations, latency));
        }
        return (new Federation(topology, selfIndex, routes, latency), problems);
    }
}
