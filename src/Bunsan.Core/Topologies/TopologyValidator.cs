using System.Collections.Immutable;
using Bunsan.Core.Documents;
using Bunsan.Core.Sites;

namespace Bunsan.Core.Topologies;

/// <summary>
/// Checks a topology built in code (e.g. by <see cref="SyntheticTopology"/>) against the same rules
/// the file loader enforces, so both kinds of topology reach placement equally clean.
/// </summary>
public static class TopologyValidator
{
    /// <summary>Every problem found, each naming the site and the field as a topology file would; empty when valid.</summary>
    public static ImmutableArray<string> Validate(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var errors = ImmutableArray.CreateBuilder<string>();
        if (topology.Sites.IsDefaultOrEmpty)
        {
            errors.Add("sites is empty: list at least one site");
        }
        for (int i = 0; i < topology.Sites.Length; i++)
        {
            Site site = topology.Sites[i];
            string context = $"sites[{i}] ({site.Id}): ";
            void Check(string field, string? problem)
            {
                if (problem is not null)
                {
                    errors.Add(context + field + " " + problem);
                }
            }
            Check("id", ValueRules.Identifier(site.Id));
            Check("name", ValueRules.Name(site.Name));
            Check("location.lat", SiteRules.Latitude(site.Location.Latitude));
            Check("location.lon", SiteRules.Longitude(site.Location.Longitude));
            Check("location.alt_m", SiteRules.AltitudeM(site.Location.AltitudeM));
            Check("tier", Enum.IsDefined(site.Tier) ? null : $"is {(int)site.Tier}: use edge, regional, core or cloud");
            Check("jurisdiction", ValueRules.Jurisdiction(site.Jurisdiction));
            Check("metro", ValueRules.Identifier(site.Domains.Metro));
            Check("region", ValueRules.Identifier(site.Domains.Region));
            Check("capacity.cores", SiteRules.Cores(site.Capacity.Cores));
            Check("capacity.memory_gib", SiteRules.MemoryGiB(site.Capacity.MemoryGiB));
            Check("energy.idle_w", SiteRules.IdleWatts(site.Energy.IdleWatts));
            Check("energy.peak_w", SiteRules.PeakWatts(site.Energy.PeakWatts) ?? PeakAtLeastIdle(site.Energy));
            Check("energy.pue", SiteRules.Pue(site.Energy.Pue));
            Check("energy.grid_carbon_g_per_kwh", SiteRules.GridCarbon(site.Energy.GridCarbonGramsPerKWh));
            Check("health", Enum.IsDefined(site.Health) ? null : $"is {(int)site.Health}: use healthy, degraded or down");
            Check("endpoint", site.Endpoint is null ? null : SiteRules.Endpoint(site.Endpoint.OriginalString));
        }
        for (int i = 0; i < topology.MeasuredRtts.Length; i++)
        {
            MeasuredRtt rtt = topology.MeasuredRtts[i];
            string context = $"measured_rtt[{i}]: ";
            if (topology.IndexOf(rtt.SiteA) < 0)
            {
                errors.Add(context + $"a {ValueRules.Show(rtt.SiteA)} is not a site id: use the id of a site in sites");
            }
            if (topology.IndexOf(rtt.SiteB) < 0)
            {
                errors.Add(context + $"b {ValueRules.Show(rtt.SiteB)} is not a site id: use the id of a site in sites");
            }
            if ((SiteRules.RttMs(rtt.RttMs) ?? PhysicalBound(topology, rtt)) is { } problem)
            {
                errors.Add(context + "rtt_ms " + problem);
            }
        }
        return errors.ToImmutable();
    }

    private static string? PhysicalBound(Topology topology, MeasuredRtt rtt) =>
        topology.TryGetSite(rtt.SiteA, out Site a) && topology.TryGetSite(rtt.SiteB, out Site b)
            ? MeasuredRttReader.BelowPhysicalBound(rtt.RttMs, a.Location, b.Location)
            : null;

    internal static string? PeakAtLeastIdle(EnergyProfile energy) =>
        energy.PeakWatts >= energy.IdleWatts ? null
        : $"is {ValueRules.Show(energy.PeakWatts)}, below idle_w {ValueRules.Show(energy.IdleWatts)}: a site draws at least as much at full load as idle";
}
