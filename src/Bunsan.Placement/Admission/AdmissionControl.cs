namespace Bunsan.Placement.Admission;

/// <summary>
/// The executor's admission rule (DESIGN.md "Request protocol"): admit a request only if queue wait +
/// expected execution fit the budget it has left for running; otherwise reject at once, so that the
/// gateway can try another site while budget remains instead of the caller getting a late answer.
/// </summary>
public static class AdmissionControl
{
    /// <summary>
    /// Predicted queue wait for a request needing <paramref name="cores"/>: zero when it can start now;
    /// otherwise the queued work ahead of it plus one running invocation's worth of the cores it needs,
    /// spread over all cores — (queued core-ms + cores × mean running execution) / total cores. With n
    /// requests queued on c identical servers of mean service S this is the textbook (n + 1) · S / c.
    /// </summary>
    public static double PredictQueueWaitMs(in SiteQueueState state, double cores)
    {
        if (state.CanStartNow(cores))
        {
            return 0;
        }
        if (state.TotalCores <= 0)
        {
            return double.PositiveInfinity;
        }
        double meanRunningMs = state.RunningCores > 0 ? state.RunningCoreMs / state.RunningCores : 0;
        return (state.QueuedCoreMs + (cores * meanRunningMs)) / state.TotalCores;
    }

    /// <summary>
    /// Decides one request. <paramref name="remainingBudgetMs"/> is what is left for queueing and execution
    /// at this site: the caller's budget minus the time already spent and the response's trip back.
    /// Batch requests (budget +∞) are always admitted. A site without enough cores for one invocation rejects.
    /// </summary>
    public static AdmissionVerdict Decide(in SiteQueueState state, double cores, double expectedExecMs, double remainingBudgetMs)
    {
        if (cores > state.TotalCores)
        {
            return new AdmissionVerdict(false, double.PositiveInfinity, double.PositiveInfinity);
        }
        double wait = PredictQueueWaitMs(state, cores);
        double completion = wait + expectedExecMs;
        bool admitted = double.IsPositiveInfinity(remainingBudgetMs) || completion <= remainingBudgetMs;
        return new AdmissionVerdict(admitted, wait, completion);
    }
}
