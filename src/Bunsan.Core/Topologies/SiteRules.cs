using static Bunsan.Core.Documents.ValueRules;

namespace Bunsan.Core.Topologies;

/// <summary>
/// The value rules for a site's numeric fields, shared by the file loader and <see cref="TopologyValidator"/>
/// (ids, names and jurisdictions follow <see cref="Documents.ValueRules"/>). Each returns null when the
/// value is fine, else the problem and its fix: "is -4: use a whole number from 1 to 10000000".
/// </summary>
internal static class SiteRules
{
    /// <summary>Ten million cores in one site is a typo, not a data centre (the largest hold ~10⁵–10⁶).</summary>
    public const int MaxCores = 10_000_000;

    public static string? Latitude(double value) => InRange(value, -90, 90);

    public static string? Longitude(double value) => InRange(value, -180, 180);

    /// <summary>From the Dead Sea shore to well above any mountain-top server room.</summary>
    public static string? AltitudeM(double value) => InRange(value, -500, 9000);

    public static string? Cores(double value) => WholeNumber(value, 1, MaxCores);

    public static string? MemoryGiB(double value) => Positive(value, 1e9);

    public static string? IdleWatts(double value) => InRange(value, 0, 1e9);

    public static string? PeakWatts(double value) => Positive(value, 1e9);

    /// <summary>PUE is total facility power over IT power, so it is at least 1; above 5 is a typo.</summary>
    public static string? Pue(double value) => InRange(value, 1, 5);

    /// <summary>The dirtiest grids emit ~1,000 g/kWh (pure coal ~1,100); 2,000 leaves room without accepting typos.</summary>
    public static string? GridCarbon(double value) => InRange(value, 0, 2000);

    /// <summary>Longer than any real agent address; a longer value is a mistake or an attack on the logs.</summary>
    public const int MaxEndpointLength = 512;

    /// <summary>
    /// An agent's address: absolute http or https with a host, nothing else (no user info, path, query or
    /// fragment), because gateways append /v1/... to it and a credential in a topology file would leak.
    /// </summary>
    public static string? Endpoint(string value)
    {
        const string fix = ": write scheme, host and port only, e.g. http://127.0.0.1:7101";
        if (value.Length > MaxEndpointLength)
        {
            return $"is {value.Length} characters long: use at most {MaxEndpointLength}";
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return Show(value) + " is not an http(s) URL" + fix;
        }
        bool bare = uri.UserInfo.Length == 0 && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            && !value.Contains('@', StringComparison.Ordinal);
        return bare ? null : Show(value) + " has more than scheme, host and port" + fix;
    }

    /// <summary>Half the Earth's circumference and back through congested links stays well under 10 s.</summary>
    public static string? RttMs(double value) => double.IsFinite(value) && value > 0 && value <= 10_000 ? null
        : $"is {Show(value)}: use a number of milliseconds > 0 and <= 10000";
}
