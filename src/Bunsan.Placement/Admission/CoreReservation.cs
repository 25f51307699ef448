namespace Bunsan.Placement.Admission;

/// <summary>
/// Headroom a site keeps for requests that cannot wait (trunk reservation): a request with at most
/// <see cref="TightBudgetMs"/> left may use every core; any other may start only while <see cref="ReservedCores"/>
/// stay free after it. Why: loose work (interactive, control) holds a core for tens of milliseconds, and on a
/// two-core edge two such invocations left a realtime request arriving behind them nothing but a refusal or a late
/// answer (measured in `bunsan demo`: Fukuoka, which hosts both classes, answered 86 of 95 realtime requests in
/// time while mostly idle). Loose work can afford to wait, or to go to a bigger site further away; tight work cannot.
/// </summary>
/// <param name="ReservedCores">Cores that only tight requests may take; 0: one FIFO queue for everything.</param>
/// <param name="TightBudgetMs">A request with at most this much budget left at the site is tight.</param>
public readonly record struct CoreReservation(double ReservedCores, double TightBudgetMs)
{
    /// <summary>Covers the realtime (10 ms) and immersive (15 ms) classes with room for the hops they took to arrive.</summary>
    public const double DefaultTightBudgetMs = 20;

    /// <summary>No headroom: every request waits in one arrival-order queue (the baselines' executors).</summary>
    public static CoreReservation None => default;

    /// <summary>
    /// The default for a site lending <paramref name="totalCores"/>: one core in eight, at least one, and none on a
    /// one-core site (reserving its only core would turn all loose work away).
    /// </summary>
    public static CoreReservation For(double totalCores) =>
        totalCores < 2 ? None : new(Math.Max(1, Math.Floor(totalCores / 8)), DefaultTightBudgetMs);

    /// <summary>
    /// Whether a request needing <paramref name="cores"/> of a site's <paramref name="totalCores"/>, with
    /// <paramref name="remainingBudgetMs"/> left, may use the reserved cores: a tight one, or one that needs more cores
    /// than the reservation leaves (it would never start otherwise).
    /// </summary>
    public bool IsTight(double remainingBudgetMs, double cores, double totalCores) =>
        ReservedCores > 0 && (remainingBudgetMs <= TightBudgetMs || cores > totalCores - ReservedCores);

    /// <summary>
    /// The queue as one kind of request sees it, for <see cref="AdmissionControl"/>: a tight request waits only behind
    /// tight ones (they start first) on every core; a loose one waits behind everything on the cores left after
    /// the reservation.
    /// </summary>
    /// <param name="tight">Whether the request is tight (<see cref="IsTight"/>).</param>
    /// <param name="site">The whole site: every queued request's core-ms in <see cref="SiteQueueState.QueuedCoreMs"/>.</param>
    /// <param name="tightQueuedCoreMs">The part of the queued core-ms that tight requests account for.</param>
    public SiteQueueState View(bool tight, in SiteQueueState site, double tightQueuedCoreMs) => tight
        ? site with { QueuedCoreMs = tightQueuedCoreMs }
        : site with { TotalCores = site.TotalCores - ReservedCores, FreeCores = site.FreeCores - ReservedCores };
}
