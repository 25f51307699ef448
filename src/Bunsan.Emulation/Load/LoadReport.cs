using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Bunsan.Emulation.Load;

/// <summary>
/// One latency class's results. A hit is a 2xx answer back at the origin within the budget (any 2xx for a class
/// without one). Percentiles are over 2xx answers, in ms end to end (null when there are none), as in the
/// simulator's report; every percentage is of <see cref="Requests"/> but <see cref="HitFeasiblePct"/>, which is of the
/// requests some site could have answered in time when idle (<see cref="Requests"/> − <see cref="Infeasible"/>).
/// </summary>
public sealed record LoadClassResult(
    string Class,
    double? DeadlineMs,
    long Requests,
    long Infeasible,
    long Hits,
    long Late,
    long Rejected,
    long Errors,
    long Expired,
    long ClientOverloaded,
    double HitPct,
    double HitFeasiblePct,
    double RejectedPct,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P50Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P95Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P99Ms);

/// <summary>2xx answers by the site that served them (<c>Bunsan-Site</c>; "(none)" when an answer lacked it).</summary>
public sealed record LoadSiteResult(string Site, long Served, long Hits);

/// <summary>Failed requests by why: "http_NNN", "connection" or "timeout".</summary>
public sealed record LoadErrorCount(string Error, long Count);

/// <summary>What a load run sent and what came back.</summary>
public sealed record LoadReport(
    string Topology,
    int Gateways,
    long Requests,
    double DurationMinutes,
    int Seed,
    bool EmulatedWan,
    int MaxInFlight,
    long ClientOverloaded,
    ImmutableArray<LoadClassResult> Classes,
    ImmutableArray<LoadSiteResult> Sites,
    ImmutableArray<LoadErrorCount> Errors);
