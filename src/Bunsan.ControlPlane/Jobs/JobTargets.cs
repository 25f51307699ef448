using System.Collections.Immutable;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Jobs;

/// <summary>A site an attempt can be sent to: its id and its agent's endpoint.</summary>
public sealed record JobTarget(string SiteId, Uri Endpoint);

/// <summary>Where a job may run now, and whether the site of a running attempt is still alive. Pure: a plan and a snapshot in, answers out.</summary>
public static class JobTargets
{
    /// <summary>
    /// The function's replicas in the plan's order (placement's best first) that are healthy and reachable, sites this
    /// job has tried fewer times first: a site that just refused or died is the last one to ask again.
    /// Empty when the plan has no replica that can take it now.
    /// </summary>
    public static ImmutableArray<JobTarget> For(JobRecord job, FederationPlan plan, LiveTopology live)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(live);
        PlannedFunction? placed = plan.Functions.FirstOrDefault(f => f.Spec.Name == job.Request.Function);
        if (placed is null)
        {
            return [];
        }
        return [.. placed.ReplicaSites
            .Select(id => SiteOf(live, id))
            .Where(site => site is { Health: SiteHealth.Healthy, Endpoint: not null })
            .Select(site => new JobTarget(site!.Id, site.Endpoint!))
            .OrderBy(target => job.Attempts.Count(a => a.Site == target.SiteId))];
    }

    /// <summary>Why the site of a running attempt is presumed dead (down, or gone from the federation); null while it lives.</summary>
    public static string? DeadReason(string siteId, LiveTopology live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return SiteOf(live, siteId) switch
        {
            null => $"site {siteId} left the federation",
            { Health: SiteHealth.Down } => $"site {siteId} is down (no heartbeat)",
            _ => null,
        };
    }

    private static Site? SiteOf(LiveTopology live, string siteId)
    {
        int index = live.Topology.IndexOf(siteId);
        return index < 0 ? null : live.Topology.Sites[index];
    }
}
