using System.Diagnostics;
using System.Globalization;

namespace Bunsan.Benchmarks;

/// <summary>
/// Every latency of one kind of call in the scale scenario, kept whole (10,000 beats a second for a minute is
/// 600,000 doubles, under 5 MB) so percentiles are exact rather than bucketed; failures are counted by reason.
/// </summary>
internal sealed class ControlPlaneScaleLatencies(string name)
{
    private readonly Lock _lock = new();
    private readonly List<double> _ms = [];
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ms.Count;
            }
        }
    }

    public void AddSince(long startTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void Add(double ms)
    {
        lock (_lock)
        {
            _ms.Add(ms);
        }
    }

    public void Fail(string reason)
    {
        lock (_lock)
        {
            _errors[reason] = _errors.GetValueOrDefault(reason) + 1;
        }
    }

    public double Percentile(double p)
    {
        lock (_lock)
        {
            if (_ms.Count == 0)
            {
                return double.NaN;
            }
            double[] sorted = [.. _ms];
            Array.Sort(sorted);
            // Nearest rank: the smallest sample with at least p of the samples at or below it.
            int rank = (int)Math.Ceiling(p * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }

    /// <summary>One table row: count, p50, p99, max (ms), errors.</summary>
    public string Row()
    {
        string errors;
        lock (_lock)
        {
            errors = _errors.Count == 0 ? "0" : string.Join("; ", _errors.Select(e => $"{e.Value} × {e.Key}"));
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"| {Name} | {Count:N0} | {Percentile(0.50):F2} | {Percentile(0.99):F2} | {Percentile(1.0):F2} | {errors} |");
    }

    public const string Header = """
        | calls | n | p50 ms | p99 ms | max ms | errors |
        |---|---:|---:|---:|---:|---|
        """;
}
