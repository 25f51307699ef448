using System.Globalization;

namespace Bunsan.Benchmarks;

/// <summary>
/// Prints the scale scenario's results as Markdown tables: the silent phase as soon as it ends (so a run that stalls
/// later still leaves its baseline), then the beating phase, the p99 ratios against the baseline of the same run,
/// and the server's own timing breakdown of the placement beat.
/// </summary>
internal sealed class ControlPlaneScaleReport(ControlPlaneScaleLatencies register, ControlPlaneScaleProbe silent, string silentCpu)
{
    /// <summary>Issue 4's target for the control plane's HTTP API.</summary>
    public const double TargetP99Ms = 50;

    public void PrintSilent()
    {
        Console.WriteLine();
        Console.WriteLine($"CPU, silent phase: {silentCpu}");
        Console.WriteLine(ControlPlaneScaleLatencies.Header);
        foreach (ControlPlaneScaleLatencies row in silent.All.Prepend(register).Where(r => r.Count > 0 || r != register))
        {
            Console.WriteLine(row.Row());
        }
        Console.WriteLine();
    }

    public void PrintBeating(ControlPlaneScaleLatencies beats, ControlPlaneScaleLatencies lag, ControlPlaneScaleProbe beating,
        string heartbeats, string beatingCpu, IReadOnlyList<string> profile)
    {
        Console.WriteLine();
        Console.WriteLine(heartbeats);
        Console.WriteLine($"CPU, silent phase: {silentCpu}");
        Console.WriteLine($"CPU, beating phase: {beatingCpu}");
        Console.WriteLine();
        Console.WriteLine(ControlPlaneScaleLatencies.Header);
        foreach (ControlPlaneScaleLatencies row in new[] { register, beats, lag }.Where(r => r.Count > 0 || r != register).Concat(silent.All).Concat(beating.All))
        {
            Console.WriteLine(row.Row());
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GET /v1/sites (all) response: {beating.AllSitesBytes:N0} bytes"));
        Console.WriteLine();
        Console.WriteLine("| API call | p99 silent ms | p99 beating ms | beating / silent | p99 < 50 ms |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        foreach ((ControlPlaneScaleLatencies quiet, ControlPlaneScaleLatencies busy) in silent.All.Zip(beating.All))
        {
            double before = quiet.Percentile(0.99);
            double under = busy.Percentile(0.99);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {busy.Name["beating: ".Length..]} | {before:F2} | {under:F2} | {under / before:F1}× | {(under < TargetP99Ms ? "yes" : "NO")} |"));
        }
        Console.WriteLine();
        foreach (string line in profile)
        {
            Console.WriteLine("server " + line);
        }
    }
}
