using System.Globalization;
using Bunsan.Core.Geo;
using Bunsan.Core.Spatial;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Bunsan.Agent;

/// <summary>
/// Reads the protocol's request headers. Each reader returns null when the header is fine (or absent, giving the
/// default) and otherwise the problem and its fix, naming the header, for a 400 answer.
/// </summary>
internal static class InvocationHeaders
{
    /// <summary>An hour, the longest budget a latency class may have; more is a typo or an attack.</summary>
    public const double MaxBudgetMs = 3_600_000;

    /// <summary>A minute: longer emulated work is a caller's mistake, and would hold a site's cores for that long.</summary>
    public const double MaxEmulatedExecMs = 60_000;

    /// <summary>"lat,lon,alt" or a deep spatial ID fit in well under 100 characters.</summary>
    public const int MaxOriginLength = 200;

    public static string? ReadBudget(HttpRequest request, double defaultMs, out double budgetMs)
    {
        budgetMs = defaultMs;
        if (!TrySingle(request, ProtocolHeaders.DeadlineMs, out string? text, out string? error))
        {
            return error;
        }
        if (text is null)
        {
            return null;
        }
        if (!TryParseMs(text, out budgetMs) || budgetMs <= 0 || budgetMs > MaxBudgetMs)
        {
            budgetMs = defaultMs;
            return $"{ProtocolHeaders.DeadlineMs} is {Quote(text)}: send the remaining budget in milliseconds, a number > 0 and <= {MaxBudgetMs:0}, e.g. 100";
        }
        return null;
    }

    /// <summary>A position "lat,lon[,alt]" or a spatial ID "z/f/x/y" (its centre); null origin when absent.</summary>
    public static string? ReadOrigin(HttpRequest request, out GeoPoint? origin)
    {
        origin = null;
        if (!TrySingle(request, ProtocolHeaders.Origin, out string? text, out string? error))
        {
            return error;
        }
        if (text is null)
        {
            return null;
        }
        if (text.Length > MaxOriginLength)
        {
            return $"{ProtocolHeaders.Origin} is {text.Length} characters long: send lat,lon[,alt] or a spatial ID z/f/x/y of at most {MaxOriginLength}";
        }
        string? problem;
        if (text.Contains('/', StringComparison.Ordinal))
        {
            if (SpatialId.TryParse(text, out SpatialId id, out problem))
            {
                origin = id.Center;
                return null;
            }
        }
        else if (GeoPoint.TryParse(text, out GeoPoint point, out problem))
        {
            origin = point;
            return null;
        }
        return $"{ProtocolHeaders.Origin} {problem}; or send a spatial ID z/f/x/y";
    }

    /// <summary>The forwarding gateway's site id (a forwarded request), or null for a request from a client.</summary>
    public static string? ReadForwardedBy(HttpRequest request, Federation federation, out int gatewaySite)
    {
        gatewaySite = -1;
        if (!TrySingle(request, ProtocolHeaders.ForwardedBy, out string? text, out string? error))
        {
            return error;
        }
        if (text is null)
        {
            return null;
        }
        gatewaySite = federation.Topology.IndexOf(text);
        return gatewaySite >= 0 ? null
            : $"{ProtocolHeaders.ForwardedBy} is {Quote(text)}, not a site of this federation: only agents send it, with their site id";
    }

    /// <summary>The execution time to emulate (<see cref="ProtocolHeaders.EmulatedExecMs"/>); null when absent.</summary>
    public static string? ReadEmulatedExec(HttpRequest request, out double? execMs)
    {
        execMs = null;
        if (!TrySingle(request, ProtocolHeaders.EmulatedExecMs, out string? text, out string? error))
        {
            return error;
        }
        if (text is null)
        {
            return null;
        }
        if (!TryParseMs(text, out double ms) || ms < 0 || ms > MaxEmulatedExecMs)
        {
            return $"{ProtocolHeaders.EmulatedExecMs} is {Quote(text)}: send the execution time to emulate in milliseconds, a number >= 0 and <= {MaxEmulatedExecMs:0}, e.g. 1.5";
        }
        execMs = ms;
        return null;
    }

    /// <summary>A finite number of milliseconds in at most 32 characters (longer is no real duration).</summary>
    private static bool TryParseMs(string text, out double ms)
    {
        ms = 0;
        return text.Length <= 32 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out ms) && double.IsFinite(ms);
    }

    private static bool TrySingle(HttpRequest request, string header, out string? value, out string? error)
    {
        StringValues values = request.Headers[header];
        value = null;
        error = null;
        if (values.Count > 1)
        {
            error = $"{header} is sent {values.Count} times: send it once";
            return false;
        }
        value = values.Count == 1 ? values[0]!.Trim() : null;
        return true;
    }

    /// <summary>Quotes a client's value, shortened, so a huge header cannot make a huge error message.</summary>
    private static string Quote(string text) => "'" + (text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...")) + "'";
}
