using System.Collections.Immutable;
using Bunsan.ControlPlane.Sites;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Hosting;

/// <summary>
/// Refills the site tables after a silo leaves. Each silo's <see cref="LiveSiteTable"/> holds the sites whose grains it
/// hosts; a lost silo takes its entries with it, and once one silo is left its table is read as complete. A site that
/// heartbeats reappears within a beat, but one that does not (its agent down too, or not yet reconnected) would stay
/// missing from GET /v1/sites and from placement while its registration sits in PostgreSQL. So when a member is declared
/// dead, every registered site grain is asked for its status: those that lived on the lost silo
/// reactivate on a survivor, read their registration, and push it into that survivor's table. Cost: one call per
/// registered site, per surviving silo, per silo lost.
/// </summary>
internal sealed partial class ClusterSiteReload(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    ControlPlaneClock clock,
    ILogger<ClusterSiteReload> logger) : BackgroundService
{
    private const int Attempts = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ImmutableHashSet<SiloAddress>? dead = null;
        await foreach (ClusterMembershipSnapshot snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken).ConfigureAwait(false))
        {
            ImmutableHashSet<SiloAddress> now = [.. snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress)];
            // Dead, not merely no longer active: a silo shutting down still hosts its grains, and a reload then would
            // find them there. The first snapshot only records silos that died before this one started.
            SiloAddress[] died = dead is null ? [] : [.. now.Except(dead).Where(silo => !silo.Equals(local.SiloAddress))];
            dead = now;
            if (died.Length > 0)
            {
                await ReloadAsync(string.Join(", ", died.Select(silo => silo.ToString())), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Retried a few times: right after a death, calls may still be routed to the dead silo until the grain directory forgets it.</summary>
    private async Task ReloadAsync(string left, CancellationToken stoppingToken)
    {
        for (int attempt = 1; attempt <= Attempts; attempt++)
        {
            try
            {
                ImmutableArray<string> ids = await grains.SiteIds().ConfigureAwait(false);
                await Task.WhenAll(ids.Select(id => grains.Site(id).GetStatus())).WaitAsync(stoppingToken).ConfigureAwait(false);
                LogSiloLeft(left, ids.Length);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReloadFailed(e, attempt, Attempts);
            }
            if (attempt < Attempts)
            {
                await Task.Delay(RetryDelay, clock.Time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = ControlPlaneEventIds.ClusterSiloLeft, Level = LogLevel.Information, Message = "Silo {Silos} left the cluster; {Sites} registered sites reloaded")]
    private partial void LogSiloLeft(string silos, int sites);

    [LoggerMessage(EventId = ControlPlaneEventIds.ClusterSiteReloadFailed, Level = LogLevel.Warning, Message = "Reloading sites after a silo left failed (attempt {Attempt} of {Attempts}); heartbeats bring sites back meanwhile")]
    private partial void LogReloadFailed(Exception exception, int attempt, int attempts);
}
