using System.Collections.Immutable;
using Bunsan.Simulation.Reporting;

namespace Bunsan.Simulation.Engine;

public sealed partial class Simulator
{
    private const double JoulesPerKWh = 3.6e6;

    private StrategyOutcome Summarise()
    {
        var classes = ImmutableArray.CreateBuilder<ClassResult>(_tallies.Length);
        var plots = new List<double[]>(_tallies.Length);
        long requests = 0;
        for (int c = 0; c < _tallies.Length; c++)
        {
            ClassTally t = _tallies[c];
            requests += t.Requests;
            float[] sorted = t.SortedLatencies();
            long feasible = t.Requests - t.Infeasible;
            classes.Add(new ClassResult(
                _scenario.ClassNames[c],
                double.IsPositiveInfinity(t.BudgetMs) ? null : t.BudgetMs,
                t.Requests,
                t.Infeasible,
                t.Hits,
                t.Late,
                t.Rejected,
                t.RejectedFeasible,
                Percent(t.Hits, t.Requests),
                Percent(t.FeasibleHits, feasible),
                Percent(t.Rejected, t.Requests),
                Quantile(sorted, 0.50),
                Quantile(sorted, 0.95),
                Quantile(sorted, 0.99)));
            plots.Add(Thin(sorted, _scenario.Options.PlotSamplesPerClass));
        }
        int replicas = 0;
        foreach (var table in _plan.Tables)
        {
            replicas += table.ReplicaSites.Length;
        }
        var result = new StrategyResult(
            _plan.Name,
            classes.MoveToImmutable(),
            (_computeJoules + _networkJoules) / JoulesPerKWh,
            _computeJoules / JoulesPerKWh,
            _networkJoules / JoulesPerKWh,
            _networkByteKm / 1e9,
            requests,
            replicas);
        return new StrategyOutcome(result, plots);
    }

    private static double Percent(long part, long whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 3);

    /// <summary>Nearest-rank quantile of sorted latencies, rounded to µs; null when there are none.</summary>
    private static double? Quantile(float[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return null;
        }
        int rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)], 3);
    }

    private static double[] Thin(float[] sorted, int max)
    {
        int n = Math.Min(sorted.Length, max);
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = sorted[(int)((long)i * sorted.Length / n)];
        }
        return result;
    }
}
