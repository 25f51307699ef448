namespace Bunsan.Simulation.Demand;

/// <summary>Execution-time percentiles of one trace function, in ms (the <c>percentile_Average_*</c> columns of <c>_run.csv</c>).</summary>
public sealed record ExecutionPercentiles(double P0, double P1, double P25, double P50, double P75, double P99, double P100);

/// <summary>One function of an Azure Functions trace: its per-minute invocation counts and, when known, its execution times.</summary>
/// <param name="Key">The trace's HashFunction.</param>
/// <param name="InvocationsPerMinute">Invocations in minute 1..N of the trace (index 0 is minute 1).</param>
/// <param name="Execution">Null when no runtimes file was given or it has no row for this function.</param>
public sealed record TraceFunction(string Key, int[] InvocationsPerMinute, ExecutionPercentiles? Execution);
