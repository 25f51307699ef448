using Bunsan.ControlPlane.Plans;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Hosting;

/// <summary>
/// Brings the plan to this silo's <see cref="PlanBroadcaster"/>. The plan grain publishes only to the broadcaster of the
/// silo it lives on, so agents watching through any other silo would never hear of a new plan; each beat this asks the
/// grain for its current plan and publishes it here (the broadcaster ignores versions it has already seen). Cost: one
/// grain call per silo per beat carrying the whole plan; a watcher therefore lags the plan grain's silo by at most one
/// beat, and after that silo is lost the grain reactivates elsewhere from its stored replicas.
/// </summary>
internal sealed partial class ClusterPlanRelay(
    IGrainFactory grains,
    PlanBroadcaster broadcaster,
    ControlPlaneClock clock,
    TimeSpan interval,
    ILogger<ClusterPlanRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock.Time);
        do
        {
            try
            {
                broadcaster.Publish(await grains.Plan().Current().WaitAsync(stoppingToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRelayFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = ControlPlaneEventIds.ClusterPlanRelayFailed, Level = LogLevel.Warning, Message = "Fetching the plan for this silo's watchers failed; retrying on the next beat")]
    private partial void LogRelayFailed(Exception exception);
}
