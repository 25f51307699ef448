namespace Bunsan.Placement.Routing;

/// <summary>
/// Bunsan's router: power of two choices among deadline-feasible replicas.
/// <list type="number">
/// <item>Scan the origin cell's replicas nearest first; stop at the first whose RTT alone exceeds the budget (the list is sorted).</item>
/// <item>A replica is feasible when RTT + expected queue wait + expected execution ≤ budget (estimates from <see cref="SiteLoadEstimates"/>).
/// Keep the nearest <see cref="MaxFeasibleConsidered"/> feasible ones: farther feasible replicas only cost network and energy.</item>
/// <item>Two choices: the nearest feasible replica and one other drawn at random. While the nearest is expected to
/// finish within <see cref="SpillFraction"/> of the budget it stays first; past that, the one with the earlier
/// expected completion goes first (a random second choice, not the global best, so that gateways acting on the same
/// stale estimates do not herd onto one site). Without that slack rule, requests with ample budget (interactive,
/// 500 ms) went to whichever far replica's estimate was a little lower — measured in `bunsan demo`: Yokohama's and
/// Osaka's route planning filled Fukuoka's two edge cores while core-tokyo's sixteen idled, and Fukuoka's realtime
/// requests then queued behind it and were refused. In that comparison each choice's expected completion is charged
/// <see cref="ForwardSpreadWeight"/> times the spread of its forward overhead as well (none for the gateway's own
/// site): a forward that runs long costs a tight request its whole budget, a local queue is predictable. Measured in
/// `bunsan demo`: Osaka's burst clumps spilled to Nagoya, whose forwards then gave no answer within the 8 ms left,
/// while the same requests queued at Osaka under `nearest` were answered in time.</item>
/// <item>Fallbacks: the remaining feasible replicas nearest first, then replicas that would be feasible if idle,
/// nearest first — estimates can be stale, and the site's admission check is the authority, so they are worth a try.</item>
/// </list>
/// Returns 0 only when no replica could meet the budget even idle.
/// </summary>
public sealed class DeadlineAwareRoutingPolicy : IRoutingPolicy
{
    /// <summary>Default number of nearest feasible replicas the two choices are drawn from.</summary>
    public const int DefaultMaxFeasibleConsidered = 8;

    /// <summary>Default share of the budget the nearest replica's expected completion may take before load spills to another.</summary>
    public const double DefaultSpillFraction = 0.5;

    /// <summary>
    /// How many spreads of a forward's overhead (an EWMA of absolute deviations, so about a p90 at two) the two choices
    /// are charged on top of its mean.
    /// </summary>
    public const double ForwardSpreadWeight = 2;

    public DeadlineAwareRoutingPolicy(int maxFeasibleConsidered = DefaultMaxFeasibleConsidered, double spillFraction = DefaultSpillFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFeasibleConsidered, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFeasibleConsidered, 64);
        if (!(spillFraction >= 0 && spillFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(spillFraction), spillFraction, "spillFraction must be in [0, 1]");
        }
        MaxFeasibleConsidered = maxFeasibleConsidered;
        SpillFraction = spillFraction;
    }

    public double SpillFraction { get; }

    public string Name => "bunsan";

    public int MaxFeasibleConsidered { get; }

    public int Route(in RoutingQuery query, ref RouterRandom random, Span<int> candidates)
    {
        if (candidates.IsEmpty)
        {
            return 0;
        }
        ReadOnlySpan<int> sites = query.Table.SitesByRtt(query.Cell);
        ReadOnlySpan<double> rtts = query.Table.RttsMs(query.Cell);
        SiteLoadEstimates load = query.Load;
        double budget = query.BudgetMs;
        double exec = query.ExpectedExecMs;

        // Positions (into the cell's list) of feasible replicas, and of those feasible only when idle.
        Span<byte> feasible = stackalloc byte[64];
        Span<byte> idleOnly = stackalloc byte[64];
        int feasibleCount = 0;
        int idleOnlyCount = 0;
        int scan = Math.Min(sites.Length, 64);
        for (int i = 0; i < scan && feasibleCount < MaxFeasibleConsidered; i++)
        {
            double rtt = rtts[i];
            if (rtt + exec > budget)
            {
                break;
            }
            if (rtt + load.ExpectedServiceMs(sites[i], exec) <= budget)
            {
                feasible[feasibleCount++] = (byte)i;
            }
            else
            {
                idleOnly[idleOnlyCount++] = (byte)i;
            }
        }

        int written = 0;
        if (feasibleCount > 0)
        {
            int first = 0;
            int second = -1;
            if (feasibleCount > 1)
            {
                // Choice one is the nearest feasible replica, choice two a random other one: while the nearest has
                // slack it wins (shortest RTT, least traffic, far small sites left to their own region); as its
                // estimate grows, load spills to random others.
                int a = 0;
                int b = 1 + random.NextInt(feasibleCount - 1);
                double ea = rtts[feasible[a]] + load.ExpectedServiceMs(sites[feasible[a]], exec);
                double eb = rtts[feasible[b]] + load.ExpectedServiceMs(sites[feasible[b]], exec);
                double ra = ea + (ForwardSpreadWeight * load.ForwardSpreadMs(sites[feasible[a]]));
                double rb = eb + (ForwardSpreadWeight * load.ForwardSpreadMs(sites[feasible[b]]));
                // Exact ties (equal replicas at the same distance) go either way, so they share the load.
                bool swap = (rb < ra && ea > SpillFraction * budget) || (rb == ra && random.NextInt(2) == 1);
                (first, second) = swap ? (b, a) : (a, b);
            }
            candidates[written++] = sites[feasible[first]];
            if (second >= 0 && written < candidates.Length)
            {
                candidates[written++] = sites[feasible[second]];
            }
            for (int k = 0; k < feasibleCount && written < candidates.Length; k++)
            {
                if (k != first && k != second)
                {
                    candidates[written++] = sites[feasible[k]];
                }
            }
        }
        for (int k = 0; k < idleOnlyCount && written < candidates.Length; k++)
        {
            candidates[written++] = sites[idleOnly[k]];
        }
        return written;
    }
}
