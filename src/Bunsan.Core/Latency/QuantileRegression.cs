namespace Bunsan.Core.Latency;

/// <summary>
/// Linear quantile regression by iteratively reweighted least squares: minimises Σ ρτ(yᵢ − xᵢ·β) with the
/// check loss ρτ(r) = r·(τ − [r &lt; 0]). At τ = 0.5 it is least absolute deviations, which one far-off pair
/// (a path detouring through another continent) cannot drag the way it drags least squares.
/// Cost: one k×k solve per iteration; 24,000 pairs × k = 6 × ~100 iterations take well under a second.
/// </summary>
internal static class QuantileRegression
{
    /// <summary>Residuals below this (ms) count as this, so a weight never divides by zero.</summary>
    private const double ResidualFloor = 1e-4;

    private const int MaxIterations = 500;

    public static double[] Fit(double[][] rows, double[] targets, double quantile)
    {
        int k = rows[0].Length;
        var weights = new double[targets.Length];
        Array.Fill(weights, 1.0);
        double[] beta = Solve(rows, targets, weights, k);
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            for (int i = 0; i < targets.Length; i++)
            {
                double residual = targets[i] - Dot(rows[i], beta);
                weights[i] = (residual > 0 ? quantile : 1 - quantile) / Math.Max(Math.Abs(residual), ResidualFloor);
            }
            double[] next = Solve(rows, targets, weights, k);
            double change = 0;
            for (int j = 0; j < k; j++)
            {
                change = Math.Max(change, Math.Abs(next[j] - beta[j]));
            }
            beta = next;
            if (change < 1e-10)
            {
                break;
            }
        }
        return beta;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            sum += a[j] * b[j];
        }
        return sum;
    }

    /// <summary>Weighted normal equations (XᵀWX)β = XᵀWy, solved by Gaussian elimination with partial pivoting.</summary>
    private static double[] Solve(double[][] rows, double[] targets, double[] weights, int k)
    {
        var m = new double[k, k + 1];
        for (int i = 0; i < targets.Length; i++)
        {
            double[] x = rows[i];
            for (int a = 0; a < k; a++)
            {
                double wx = weights[i] * x[a];
                for (int b = 0; b < k; b++)
                {
                    m[a, b] += wx * x[b];
                }
                m[a, k] += wx * targets[i];
            }
        }
        for (int c = 0; c < k; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < k; r++)
            {
                if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c]))
                {
                    pivot = r;
                }
            }
            for (int col = 0; col <= k; col++)
            {
                (m[c, col], m[pivot, col]) = (m[pivot, col], m[c, col]);
            }
            for (int r = 0; r < k; r++)
            {
                if (r != c)
                {
                    double factor = m[r, c] / m[c, c];
                    for (int col = c; col <= k; col++)
                    {
                        m[r, col] -= factor * m[c, col];
                    }
                }
            }
        }
        var beta = new double[k];
        for (int j = 0; j < k; j++)
        {
            beta[j] = m[j, k] / m[j, j];
        }
        return beta;
    }
}
