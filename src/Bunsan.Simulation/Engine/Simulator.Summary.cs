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
                ReportMath.Percent(t.Hits, t.Requests),
                ReportMath.Percent(t.FeasibleHits, feasible),
                ReportMath.Percent(t.Rejected, t.Requests),
                ReportMath.Quantile<float>(sorted, 0.50),
                ReportMath.Quantile<float>(sorted, 0.95),
                ReportMath.Quantile<float>(sorted, 0.99)));
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
