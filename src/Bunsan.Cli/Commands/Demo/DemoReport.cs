using System.Text.Json.Serialization;
using Bunsan.Emulation.Load;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>What `bunsan demo --json` prints: per strategy and latency class, the whole run and the burst.</summary>
public sealed record DemoReport(
    string Topology,
    int Sites,
    double PhaseSeconds,
    string Burst,
    bool EmulatedWan,
    bool EmulatedExecution,
    IReadOnlyList<DemoStrategy> Strategies);

/// <summary>One strategy's measured run on its own fresh federation.</summary>
/// <param name="Overhead">What this machine added to answered requests beyond the emulated network and the sites' work.</param>
public sealed record DemoStrategy(string Name, IReadOnlyList<DemoClass> Classes, DemoOverhead Overhead)
{
    /// <summary>Every request's latency, ms (+∞ for those not answered), per class name: for the CDF plot.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, double[]> Latencies { get; init; } = new Dictionary<string, double[]>();
}

/// <summary>
/// One latency class of a strategy's run. <see cref="Infeasible"/>: requests no site of the demo could have answered
/// in time even idle (the nearest allowed site's modelled round trip plus the request's execution time exceeds the
/// deadline), the same for every strategy; <see cref="HitFeasiblePct"/> is of the others.
/// </summary>
public sealed record DemoClass(
    string Class,
    double? DeadlineMs,
    long Requests,
    long Infeasible,
    double HitPct,
    double HitFeasiblePct,
    double RejectedPct,
    long Late,
    long Errors,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P50Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P99Ms,
    DemoWindow Burst)
{
    public static DemoClass From(LoadClassResult whole, LoadClassResult? burst) => new(
        whole.Class, whole.DeadlineMs, whole.Requests, whole.Infeasible, whole.HitPct, whole.HitFeasiblePct, whole.RejectedPct,
        whole.Late, whole.Errors + whole.Expired + whole.ClientOverloaded, whole.P50Ms, whole.P99Ms, DemoWindow.From(burst));
}

/// <summary>The requests of one class from the burst region while the burst lasted.</summary>
public sealed record DemoWindow(
    long Requests,
    long Infeasible,
    double HitPct,
    double HitFeasiblePct,
    double RejectedPct,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P50Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P99Ms)
{
    public static DemoWindow From(LoadClassResult? c) => c is null
        ? new DemoWindow(0, 0, 0, 0, 0, null, null)
        : new DemoWindow(c.Requests, c.Infeasible, c.HitPct, c.HitFeasiblePct, c.RejectedPct, c.P50Ms, c.P99Ms);
}

/// <summary>
/// Answered requests' latency minus everything emulated (origin legs, forward legs, the site's queue and execution):
/// what the processes, the kernel and the shared cores of this machine added. A real deployment adds far less
/// (BENCHMARKS.md: a forward costs ~0.23 ms on a quiet machine); here it is the demo's floor.
/// </summary>
public sealed record DemoOverhead(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P50Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P90Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P99Ms);
