using System.Globalization;
using Bunsan.Emulation.Load;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>
/// Every measured request of one strategy as CSV in the work directory (kept with --work-dir): when it was issued,
/// from where, through which gateway, who answered and how long each part took. The table's figures are computed
/// from the same outcomes; this is for checking them and for finding where the time went.
/// </summary>
internal static class DemoRequestLog
{
    public static void Write(string path, LoadPlan plan, IReadOnlyList<RequestOutcome> outcomes)
    {
        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(path);
        w.WriteLine("time_ms,function,class,origin_lat,origin_lon,gateway,origin_leg_ms,outcome,site,latency_ms,queue_ms,exec_ms,error");
        for (int i = 0; i < plan.Requests.Length; i++)
        {
            PlannedRequest r = plan.Requests[i];
            RequestOutcome o = outcomes[i];
            var origin = plan.OriginLocation(r.Origin);
            var function = plan.Functions[r.Function];
            w.WriteLine(string.Create(inv,
                $"{r.TimeMs:0.###},{function.Name},{function.Class.Name},{origin.Latitude:0.####},{origin.Longitude:0.####},{plan.Gateways[r.Gateway].Id},{r.OriginLegMs:0.###},{o.Kind},{o.Site},{o.LatencyMs:0.###},{o.QueueMs:0.###},{o.ExecMs:0.###},{Quoted(o.Error)}"));
        }
    }

    /// <summary>A free-text field as CSV: quoted, its quotes doubled (refusal reasons hold commas).</summary>
    private static string Quoted(string? text) => text is null ? "" : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
