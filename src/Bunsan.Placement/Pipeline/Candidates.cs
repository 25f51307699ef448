using System.Collections.Immutable;
using Bunsan.Placement.Scorers;

namespace Bunsan.Placement.Pipeline;

/// <summary>
/// The kept sites of one placement, laid out for replica selection: which demand points each can
/// serve in time (a bitset, 64 demand points per word), how much demand it can absorb, and its
/// blended score from the scorers that do not depend on the replicas chosen so far.
/// </summary>
internal sealed class Candidates
{
    private readonly ulong[] _cover;
    private readonly (ISiteScorer Scorer, double Weight)[] _dynamic;
    private readonly double _totalWeight;

    public Candidates(PlacementScope scope, List<int> sites, int demandCount, bool everySiteServesAll, List<(int Demand, int Site)> pairs)
    {
        Count = sites.Count;
        Words = Math.Max(1, (demandCount + 63) / 64);
        Site = [.. sites];
        _cover = new ulong[Count * Words];
        MaxRps = new double[Count];
        CoverRps = new double[Count];
        StaticScore = new double[Count];
        for (int j = 0; j < Count; j++)
        {
            scope.EvidenceOf(Site[j]).Candidate = j;
            MaxRps[j] = scope.MaxRpsAt(Site[j]);
        }
        var demand = scope.Request.Demand;
        if (everySiteServesAll)
        {
            // Every row is the same: built once and copied. Setting each bit of each row took ~3 ms of a deploy at
            // 10,000 sites (2,037 kept sites × 363 demand points); the sum is added in the same order, so it is the same.
            var everyPoint = new ulong[Words];
            double everyRps = 0;
            for (int d = 0; d < demandCount; d++)
            {
                everyPoint[d >> 6] |= 1UL << (d & 63);
                everyRps += Math.Max(0, demand[d].RequestsPerSecond);
            }
            for (int j = 0; j < Count; j++)
            {
                everyPoint.CopyTo(_cover.AsSpan(j * Words, Words));
                CoverRps[j] = everyRps;
            }
        }
        else
        {
            foreach (var (d, site) in pairs)
            {
                int j = scope.EvidenceOf(site).Candidate;
                _cover[(j * Words) + (d >> 6)] |= 1UL << (d & 63);
                CoverRps[j] += Math.Max(0, demand[d].RequestsPerSecond);
            }
        }
        var scorers = PlacementComponents.Scorers(scope.Options);
        _dynamic = [.. scorers.Where(s => s.Scorer.DependsOnChosen)];
        _totalWeight = scope.Options.TotalWeight;
        var none = new ChosenDomains();
        for (int j = 0; j < Count; j++)
        {
            foreach (var (scorer, weight) in scorers)
            {
                if (!scorer.DependsOnChosen)
                {
                    StaticScore[j] += weight * scorer.Score(scope, Site[j], none);
                }
            }
        }
    }

    public int Count { get; }

    public int Words { get; }

    public int[] Site { get; }

    /// <summary>Requests per second the site's free capacity absorbs.</summary>
    public double[] MaxRps { get; }

    /// <summary>Requests per second of all the demand points it covers.</summary>
    public double[] CoverRps { get; }

    /// <summary>Weighted sum of the static scorers (not yet divided by the total weight).</summary>
    public double[] StaticScore { get; }

    public ReadOnlySpan<ulong> Cover(int j) => _cover.AsSpan(j * Words, Words);

    /// <summary>The demand points candidate j serves within the budget, ascending.</summary>
    public ImmutableArray<int> ServedDemand(int j, int demandCount)
    {
        var served = ImmutableArray.CreateBuilder<int>();
        for (int d = 0; d < demandCount; d++)
        {
            if ((_cover[(j * Words) + (d >> 6)] & (1UL << (d & 63))) != 0)
            {
                served.Add(d);
            }
        }
        return served.ToImmutable();
    }

    /// <summary>The blended score 0..1 given the replicas chosen so far.</summary>
    public double Blend(PlacementScope scope, int j, ChosenDomains chosen)
    {
        double sum = StaticScore[j];
        foreach (var (scorer, weight) in _dynamic)
        {
            sum += weight * scorer.Score(scope, Site[j], chosen);
        }
        return sum / _totalWeight;
    }
}
