using System.Numerics;
using Bunsan.Placement.Scorers;

namespace Bunsan.Placement.Pipeline;

/// <summary>
/// Chooses replicas among the kept sites by greedy set cover, in three passes (see README):
/// 1. cover: repeatedly take the site that covers the most still-uncovered demand points whose
///    demand fits its free capacity (ties: higher blended score, then lower site index);
/// 2. resilience: repeatedly take the site that gives the most demand points a second replica in
///    another metro (or, where only one metro can serve a point, on another site);
/// 3. minimum: add the best-scoring sites until the function's minimum replica count is met.
/// Every pass stops at the maximum replica count. Sets are bitsets over demand points (64 per word).
/// </summary>
internal sealed class ReplicaSelector
{
    private readonly PlacementScope _scope;
    private readonly Candidates _c;
    private readonly double[] _rps;
    private readonly int _words;
    private readonly ulong[] _covered;
    private readonly double[] _load;
    private readonly bool[] _chosen;
    private readonly ChosenDomains _domains = new();
    private readonly List<int> _order = [];

    public ReplicaSelector(PlacementScope scope, Candidates candidates)
    {
        _scope = scope;
        _c = candidates;
        var demand = scope.Request.Demand;
        _rps = new double[demand.Length];
        for (int d = 0; d < demand.Length; d++)
        {
            _rps[d] = Math.Max(0, demand[d].RequestsPerSecond);
        }
        _words = candidates.Words;
        _covered = new ulong[_words];
        _load = new double[candidates.Count];
        _chosen = new bool[candidates.Count];
    }

    /// <summary>Chosen candidates (indexes into <see cref="Candidates"/>), in the order chosen.</summary>
    public IReadOnlyList<int> Select(int minReplicas, int maxReplicas, int[] feasibleSites, int[] feasibleMetros)
    {
        Cover(maxReplicas);
        Resilience(maxReplicas, feasibleSites, feasibleMetros);
        while (_order.Count < Math.Min(minReplicas, maxReplicas))
        {
            int best = Best(_ => 0);
            if (best < 0)
            {
                break;
            }
            Choose(best);
        }
        return _order;
    }

    private void Cover(int maxReplicas)
    {
        while (_order.Count < maxReplicas)
        {
            int best = Best(CoverGain);
            if (best < 0 || CoverGain(best) == 0)
            {
                return;
            }
            AssignCover(best);
            Choose(best);
        }
    }

    /// <summary>Uncovered demand points this candidate serves in time and can absorb (an empty site always takes one).</summary>
    private int CoverGain(int j)
    {
        ReadOnlySpan<ulong> bits = _c.Cover(j);
        double room = _c.MaxRps[j] - _load[j];
        if (_c.CoverRps[j] <= room)
        {
            int gain = 0;
            for (int w = 0; w < _words; w++)
            {
                gain += BitOperations.PopCount(bits[w] & ~_covered[w]);
            }
            return gain;
        }
        int fit = 0;
        double load = _load[j];
        for (int w = 0; w < _words; w++)
        {
            for (ulong m = bits[w] & ~_covered[w]; m != 0; m &= m - 1)
            {
                int d = (w * 64) + BitOperations.TrailingZeroCount(m);
                if (load + _rps[d] <= _c.MaxRps[j] || load == 0)
                {
                    load += _rps[d];
                    fit++;
                }
            }
        }
        return fit;
    }

    private void AssignCover(int j)
    {
        ReadOnlySpan<ulong> bits = _c.Cover(j);
        for (int w = 0; w < _words; w++)
        {
            for (ulong m = bits[w] & ~_covered[w]; m != 0; m &= m - 1)
            {
                int d = (w * 64) + BitOperations.TrailingZeroCount(m);
                if (_load[j] + _rps[d] <= _c.MaxRps[j] || _load[j] == 0)
                {
                    _load[j] += _rps[d];
                    _covered[w] |= 1UL << (d & 63);
                }
            }
        }
    }

    private void Resilience(int maxReplicas, int[] feasibleSites, int[] feasibleMetros)
    {
        // Per demand point: how many chosen replicas serve it, and in which metros (up to two).
        int demand = _rps.Length;
        var count = new int[demand];
        var firstMetro = new int[demand];
        var metros = new int[demand];
        Array.Fill(firstMetro, -1);
        var need = new ulong[_words];
        foreach (int j in _order)
        {
            Mark(j, count, firstMetro, metros);
        }
        for (int d = 0; d < demand; d++)
        {
            if (!Satisfied(d, count, metros, feasibleSites, feasibleMetros))
            {
                need[d >> 6] |= 1UL << (d & 63);
            }
        }
        while (_order.Count < maxReplicas)
        {
            int best = Best(j => ResilienceGain(j, need, firstMetro, feasibleMetros));
            if (best < 0 || ResilienceGain(best, need, firstMetro, feasibleMetros) == 0)
            {
                return;
            }
            Choose(best);
            Mark(best, count, firstMetro, metros);
            ReadOnlySpan<ulong> bits = _c.Cover(best);
            for (int w = 0; w < _words; w++)
            {
                for (ulong m = bits[w] & need[w]; m != 0; m &= m - 1)
                {
                    int d = (w * 64) + BitOperations.TrailingZeroCount(m);
                    if (Satisfied(d, count, metros, feasibleSites, feasibleMetros))
                    {
                        need[w] &= ~(1UL << (d & 63));
                    }
                }
            }
        }
    }

    private static bool Satisfied(int d, int[] count, int[] metros, int[] feasibleSites, int[] feasibleMetros) =>
        feasibleMetros[d] >= 2 ? metros[d] >= 2 : count[d] >= Math.Min(2, feasibleSites[d]);

    private void Mark(int j, int[] count, int[] firstMetro, int[] metros)
    {
        int metro = _scope.Index.MetroOf(_c.Site[j]);
        ReadOnlySpan<ulong> bits = _c.Cover(j);
        for (int w = 0; w < _words; w++)
        {
            for (ulong m = bits[w]; m != 0; m &= m - 1)
            {
                int d = (w * 64) + BitOperations.TrailingZeroCount(m);
                count[d]++;
                if (firstMetro[d] < 0)
                {
                    firstMetro[d] = metro;
                    metros[d] = 1;
                }
                else if (firstMetro[d] != metro)
                {
                    metros[d] = 2;
                }
            }
        }
    }

    /// <summary>Demand points still needing a backup that this candidate would help: a new metro, or any new site.</summary>
    private int ResilienceGain(int j, ulong[] need, int[] firstMetro, int[] feasibleMetros)
    {
        int metro = _scope.Index.MetroOf(_c.Site[j]);
        ReadOnlySpan<ulong> bits = _c.Cover(j);
        int gain = 0;
        for (int w = 0; w < _words; w++)
        {
            for (ulong m = bits[w] & need[w]; m != 0; m &= m - 1)
            {
                int d = (w * 64) + BitOperations.TrailingZeroCount(m);
                if (feasibleMetros[d] < 2 || firstMetro[d] != metro)
                {
                    gain++;
                }
            }
        }
        return gain;
    }

    /// <summary>The unchosen candidate with the highest gain, then blended score, then lowest site index; -1 if none.</summary>
    private int Best(Func<int, int> gain)
    {
        int best = -1, bestGain = -1;
        double bestScore = double.NegativeInfinity;
        for (int j = 0; j < _c.Count; j++)
        {
            if (_chosen[j])
            {
                continue;
            }
            int g = gain(j);
            if (g < bestGain)
            {
                continue;
            }
            double score = _c.Blend(_scope, j, _domains);
            if (g > bestGain || score > bestScore || (score == bestScore && _c.Site[j] < _c.Site[best]))
            {
                (best, bestGain, bestScore) = (j, g, score);
            }
        }
        return best;
    }

    private void Choose(int j)
    {
        _chosen[j] = true;
        _order.Add(j);
        _domains.Add(_scope.Index.MetroOf(_c.Site[j]), _scope.Index.RegionOf(_c.Site[j]));
    }
}
