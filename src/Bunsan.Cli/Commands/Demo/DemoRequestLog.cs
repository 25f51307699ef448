using System.Globalization;
using Bunsan.Core.Geo;
using Bunsan.Emulation.Load;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>
/// Every measured request of one strategy as CSV in the work directory (kept with --work-dir): when it was issued,
/// from where, through which gateway, who answered and how long each part took. The table's figures are computed
/// from the same outcomes; this is for checking them and for finding where the time went: <c>planned_exec_ms</c> is
/// the execution time every strategy emulates for the request, <c>min_rtt_ms</c> the round trip to the nearest site
/// allowed to run it and <c>site_rtt_ms</c> the one to the site that answered (both by the demo's latency model), so
/// latency − site_rtt − queue − exec is what the machine itself added.
/// </summary>
internal static class DemoRequestLog
{
    public static void Write(string path, LoadPlan plan, IReadOnlyList<RequestOutcome> outcomes)
    {
        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(path);
        w.WriteLine("time_ms,function,class,origin_lat,origin_lon,gateway,origin_leg_ms,outcome,site,latency_ms,queue_ms,exec_ms,error,planned_exec_ms,min_rtt_ms,site_rtt_ms,infeasible");
        for (int i = 0; i < plan.Requests.Length; i++)
        {
            PlannedRequest r = plan.Requests[i];
            RequestOutcome o = outcomes[i];
            var origin = plan.OriginLocation(r.Origin);
            var function = plan.Functions[r.Function];
            w.WriteLine(string.Create(inv,
                $"{r.TimeMs:0.###},{function.Name},{function.Class.Name},{origin.Latitude:0.####},{origin.Longitude:0.####},{plan.Gateways[r.Gateway].Id},{r.OriginLegMs:0.###},{o.Kind},{o.Site},{o.LatencyMs:0.###},{o.QueueMs:0.###},{o.ExecMs:0.###},{Quoted(o.Error)},{r.ExecMs:0.###},{plan.Scenario.MinIdleRttMs(r.Function, r.Origin):0.###},{SiteRtt(plan, origin, o.Site)},{(plan.IsInfeasible(r) ? 1 : 0)}"));
        }
    }

    private static string SiteRtt(LoadPlan plan, GeoPoint origin, string? site) =>
        site is not null && plan.Scenario.Topology.TryGetSite(site, out var at)
            ? plan.Scenario.Latency.RttMs(origin, at.Location).ToString("0.###", CultureInfo.InvariantCulture)
            : "";

    /// <summary>A free-text field as CSV: quoted, its quotes doubled (refusal reasons hold commas).</summary>
    private static string Quoted(string? text) => text is null ? "" : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
