namespace Bunsan.Placement.Routing;

/// <summary>
/// One routing question: a request for the function of <paramref name="Table"/> from origin cell
/// <paramref name="Cell"/>, with <paramref name="BudgetMs"/> left (the <c>Bunsan-Deadline-Ms</c> header;
/// +∞ for batch) and the function's expected execution time, judged against live <paramref name="Load"/>.
/// </summary>
public readonly record struct RoutingQuery(RoutingTable Table, int Cell, double BudgetMs, double ExpectedExecMs, SiteLoadEstimates Load);

/// <summary>
/// Chooses sites for one request. Writes an ordered list of site indexes into
/// <c>candidates</c> (first choice, then fallbacks the gateway tries when a site's admission
/// rejects) and returns how many it wrote; 0 means no replica can meet the deadline. Must not
/// allocate: it runs once per request. Baselines are routing policies too, so the simulator
/// compares them on the same replicas.
/// </summary>
public interface IRoutingPolicy
{
    /// <summary>The name used on the command line and in reports (e.g. "bunsan", "nearest").</summary>
    string Name { get; }

    int Route(in RoutingQuery query, ref RouterRandom random, Span<int> candidates);
}
