using System.Globalization;
using Bunsan.ControlPlane.Sites;
using Bunsan.Placement;

namespace Bunsan.ControlPlane.Plans;

public sealed partial class Planner
{
    /// <summary>
    /// <paramref name="outcome"/> plus a replica at each busy ingress site (<see cref="IngressReplicas"/>), minus the
    /// ingress replicas whose requests faded and whose removal costs no demand point its deadline.
    /// </summary>
    private PlannerOutcome WithIngressReplicas(PlannerOutcome outcome, PlacementRequest request, PlacementDecision fresh, LiveTopology live, PlacementContext context)
    {
        var spec = request.Function;
        var ids = new List<string>(outcome.ReplicaSites);
        var notes = new List<string>();
        var freshIds = fresh.Replicas.Select(r => r.SiteId).ToHashSet(StringComparer.Ordinal);
        foreach (string id in ids.OrderBy(id => RpsAt(live, id, spec.Name)).ToList())
        {
            double rps = RpsAt(live, id, spec.Name);
            if (ids.Count <= Math.Max(1, spec.MinReplicas) || freshIds.Contains(id) || rps >= IngressReplicas.RetireBelowRps)
            {
                continue;
            }
            int[] with = Indexes(ids, context), without = Indexes(ids.Where(other => other != id), context);
            if (ServedInTime(spec, without, context, request.Demand) >= ServedInTime(spec, with, context, request.Demand))
            {
                ids.Remove(id);
                notes.Add(Invariant($"retired {id} ({rps:0.##} rps enter there)"));
            }
        }
        PlacementContext idle = context with { SiteUtilisation = [] };
        foreach ((int site, double rps) in IngressReplicas.Busy(live, spec.Name))
        {
            string id = live.Topology.Sites[site].Id;
            if (ids.Count >= spec.MaxReplicas)
            {
                break;
            }
            if (!ids.Contains(id) && _pipeline.RejectionOf(idle, request, site) is null)
            {
                ids.Add(id);
                notes.Add(Invariant($"added {id} ({rps:0.##} rps enter there)"));
            }
        }
        return notes.Count == 0 ? outcome : outcome with { ReplicaSites = [.. ids], Why = outcome.Why + "; ingress: " + string.Join(", ", notes) };
    }

    private static double RpsAt(LiveTopology live, string siteId, string function)
    {
        int site = live.Topology.IndexOf(siteId);
        return site < 0 ? 0 : IngressReplicas.RpsAt(live, site, function);
    }

    private static int[] Indexes(IEnumerable<string> ids, PlacementContext context) =>
        [.. ids.Select(context.Topology.IndexOf).Where(index => index >= 0)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
