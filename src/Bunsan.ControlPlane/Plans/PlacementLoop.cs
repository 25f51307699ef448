using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Plans;

/// <summary>
/// Replans on a fixed beat (default every second, the heartbeat interval): a site that joined, left, went
/// quiet or filled up is noticed within one beat without the registry having to signal anything. Deploys and
/// removals replan at once through the API. A replan that fails is logged and retried on the next beat.
/// </summary>
public sealed partial class PlacementLoop(IGrainFactory grains, ControlPlaneClock clock, PlacementLoopOptions options, ILogger<PlacementLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, clock.Time);
        do
        {
            try
            {
                await grains.Plan().Replan();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReplanFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(EventId = ControlPlaneEventIds.ReplanFailed, Level = LogLevel.Warning, Message = "Replan failed; retrying on the next beat")]
    private partial void LogReplanFailed(Exception exception);
}

/// <summary>How often the control plane replans.</summary>
public sealed class PlacementLoopOptions
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
}
