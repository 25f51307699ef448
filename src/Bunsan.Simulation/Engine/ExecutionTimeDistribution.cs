using Bunsan.Core.Functions;
using Bunsan.Simulation.Demand;

namespace Bunsan.Simulation.Engine;

/// <summary>
/// Execution time of one invocation, drawn by inverse-CDF sampling from a uniform u.
/// <list type="bullet">
/// <item>From trace percentiles (p0, p1, p25, p50, p75, p99, p100 of <c>_run.csv</c>): linear interpolation between them —
/// the distribution is exactly as coarse as the trace publishes it, with no tail beyond p100.</item>
/// <item>From a function spec's p50/p99: a lognormal with median p50 and σ = ln(p99/p50) / 2.326 (the 99th-percentile z-score),
/// the usual shape of service times: positive, right-skewed.</item>
/// </list>
/// </summary>
public sealed class ExecutionTimeDistribution
{
    private static readonly double[] PercentilePoints = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1];

    private readonly double[]? _quantiles;
    private readonly double _mu;
    private readonly double _sigma;

    private ExecutionTimeDistribution(double[]? quantiles, double mu, double sigma, double meanMs)
    {
        _quantiles = quantiles;
        _mu = mu;
        _sigma = sigma;
        MeanMs = meanMs;
    }

    /// <summary>The mean execution time: what routing and admission expect.</summary>
    public double MeanMs { get; }

    /// <summary>True when drawn from trace percentiles rather than the function spec.</summary>
    public bool FromTrace => _quantiles is not null;

    public static ExecutionTimeDistribution FromSpec(ExecutionTime execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        double sigma = execution.LognormalSigma();
        double mu = Math.Log(execution.LognormalMedianMs());
        return new ExecutionTimeDistribution(null, mu, sigma, Math.Exp(mu + (sigma * sigma / 2)));
    }

    public static ExecutionTimeDistribution FromPercentiles(ExecutionPercentiles p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double[] q = [p.P0, p.P1, p.P25, p.P50, p.P75, p.P99, p.P100];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = Math.Max(q[i], i == 0 ? 0 : q[i - 1]);
        }
        double mean = 0;
        for (int i = 1; i < q.Length; i++)
        {
            mean += (PercentilePoints[i] - PercentilePoints[i - 1]) * (q[i] + q[i - 1]) / 2;
        }
        return new ExecutionTimeDistribution(q, 0, 0, mean);
    }

    /// <summary>The execution time (ms) at quantile <paramref name="u"/> in [0, 1).</summary>
    public double Sample(double u)
    {
        if (_quantiles is null)
        {
            return Math.Exp(_mu + (_sigma * NormalQuantile(u)));
        }
        int i = 1;
        while (i < PercentilePoints.Length - 1 && u > PercentilePoints[i])
        {
            i++;
        }
        double lo = PercentilePoints[i - 1];
        double t = (u - lo) / (PercentilePoints[i] - lo);
        return _quantiles[i - 1] + (t * (_quantiles[i] - _quantiles[i - 1]));
    }

    /// <summary>Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    internal static double NormalQuantile(double u)
    {
        u = Math.Clamp(u, 1e-12, 1 - 1e-12);
        const double pLow = 0.02425;
        if (u < pLow)
        {
            return TailQuantile(Math.Sqrt(-2 * Math.Log(u)));
        }
        if (u > 1 - pLow)
        {
            return -TailQuantile(Math.Sqrt(-2 * Math.Log(1 - u)));
        }
        double q = u - 0.5;
        double r = q * q;
        double num = (((((-3.969683028665376e+01 * r) + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00;
        double den = (((((-5.447609879822406e+01 * r) + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1;
        return num * q / den;
    }

    private static double TailQuantile(double q)
    {
        double num = (((((-7.784894002430293e-03 * q) - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00;
        double den = ((((7.784695709041462e-03 * q) + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q + 3.754408661907416e+00) * q + 1;
        return num / den;
    }
}
