using System.Collections.Immutable;
using System.Globalization;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Plans;

/// <summary>
/// Replicas where requests enter, for latency-critical functions. Placement covers every site's area within the
/// budget with as few replicas as it can, so most requests enter at a gateway without one and are forwarded: one more
/// hop, its proxying and its queue, on a budget of 10 ms (measured in `bunsan demo`: the busiest gateways hosted no
/// realtime replica, and their forwards missed most deadlines). A replica is cheap — a module in memory — so a function
/// whose budget is at most <see cref="BudgetAtMostMs"/> also runs at every site where at least <see cref="AddAtRps"/>
/// of its requests enter (the agents measure it), busiest first, when the site passes every filter as it would idle,
/// up to the function's maximum. Such a replica retires once its rate falls below <see cref="RetireBelowRps"/> (a band,
/// so a rate wobbling around the threshold does not flap) and the others serve as many demand points in time without it.
/// </summary>
internal static class IngressReplicas
{
    public const double BudgetAtMostMs = 100;
    public const double AddAtRps = 1;
    public const double RetireBelowRps = AddAtRps / 2;

    public static bool Applies(FunctionSpec spec) => spec.Class.HasDeadline && spec.Class.BudgetMs <= BudgetAtMostMs;

    /// <summary>Client requests per second of <paramref name="function"/> entering at site <paramref name="site"/>.</summary>
    public static double RpsAt(LiveTopology live, int site, string function) => live.Statuses[site].LastLoad?.IngressOf(function) ?? 0;

    /// <summary>Sites where at least <see cref="AddAtRps"/> of the function enters, busiest first (ties by site id).</summary>
    public static IEnumerable<(int Site, double Rps)> Busy(LiveTopology live, string function) =>
        Enumerable.Range(0, live.Statuses.Length)
            .Select(site => (Site: site, Rps: RpsAt(live, site, function)))
            .Where(entry => entry.Rps >= AddAtRps)
            .OrderByDescending(entry => entry.Rps)
            .ThenBy(entry => live.Topology.Sites[entry.Site].Id, StringComparer.Ordinal);

    /// <summary>
    /// Which band each (function, site) ingress is in, for the functions this rule applies to: a replan is due when
    /// one crosses a band edge, not when a rate moves within one.
    /// </summary>
    public static ImmutableArray<string> Levels(LiveTopology live, IEnumerable<FunctionSpec> functions) =>
        Levels(live.Topology.Sites, (site, function) => RpsAt(live, site, function), functions);

    /// <inheritdoc cref="Levels(LiveTopology, IEnumerable{FunctionSpec})"/>
    public static ImmutableArray<string> Levels(ImmutableArray<Site> sites, Func<int, string, double> rpsAt, IEnumerable<FunctionSpec> functions)
    {
        var levels = ImmutableArray.CreateBuilder<string>();
        foreach (FunctionSpec spec in functions.Where(Applies))
        {
            for (int site = 0; site < sites.Length; site++)
            {
                double rps = rpsAt(site, spec.Name);
                if (rps >= RetireBelowRps)
                {
                    levels.Add(string.Create(CultureInfo.InvariantCulture, $"{spec.Name}@{sites[site].Id}:{(rps >= AddAtRps ? 2 : 1)}"));
                }
            }
        }
        return levels.ToImmutable();
    }
}
