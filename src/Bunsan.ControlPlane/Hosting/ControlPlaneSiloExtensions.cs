using Bunsan.ControlPlane.Ledger;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.ControlPlane.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bunsan.ControlPlane.Hosting;

/// <summary>Adds the control plane's grains and what they need to any silo: the embedded host, a test cluster, or a silo of a cluster.</summary>
public static class ControlPlaneSiloExtensions
{
    /// <param name="clock">The grains' clock; tests pass a fake one. Null means the system clock.</param>
    public static ISiloBuilder AddBunsanControlPlane(this ISiloBuilder silo, ControlPlaneOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("control plane options: " + string.Join("; ", errors), nameof(options));
        }
        silo.Services.TryAddSingleton(new ControlPlaneClock(clock ?? TimeProvider.System));
        silo.Services.TryAddSingleton<PlanBroadcaster>();
        silo.Services.TryAddSingleton<LiveSiteTable>();
        silo.Services.TryAddSingleton<ILedgerWriter, NoLedgerWriter>();
        silo.Services.AddOptions<SiteHealthOptions>().Configure(health =>
        {
            health.HealthyWithin = options.SiteHealth.HealthyWithin;
            health.DownAfter = options.SiteHealth.DownAfter;
        });
        if (options.ConfigureStorage is { } configureStorage)
        {
            configureStorage(silo);
        }
        else if (options.Cluster is { } cluster)
        {
            string connectionString = cluster.PostgresConnectionString;
            silo.AddPostgresGrainStorageAsDefault(storage => storage.ConnectionString = connectionString);
        }
        else
        {
            string path = options.DatabasePath;
            silo.AddSqliteGrainStorageAsDefault(storage => storage.DatabasePath = path);
        }
        return silo;
    }
}
