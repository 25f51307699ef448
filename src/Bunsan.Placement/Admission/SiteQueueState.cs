namespace Bunsan.Placement.Admission;

/// <summary>
/// What an executor knows about its own queue at the moment a request arrives. Work is counted in
/// core-milliseconds (cores × expected execution) so that functions of different sizes share one pool
/// of cores; with one function size this reduces to "queue length and concurrency (cores / cores per invocation)".
/// </summary>
/// <param name="TotalCores">Cores the site lends to invocations.</param>
/// <param name="FreeCores">Cores not held by a running invocation.</param>
/// <param name="QueuedCoreMs">Σ cores × expected execution (ms) over requests waiting in the queue.</param>
/// <param name="RunningCoreMs">Σ cores × expected execution (ms) over running invocations.</param>
/// <param name="RunningCores">Cores held by running invocations.</param>
public readonly record struct SiteQueueState(double TotalCores, double FreeCores, double QueuedCoreMs, double RunningCoreMs, double RunningCores)
{
    /// <summary>True when nothing waits and the request's cores are free: it would start at once.</summary>
    public bool CanStartNow(double cores) => QueuedCoreMs <= 0 && FreeCores >= cores;
}
