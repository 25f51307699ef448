using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Bunsan.ControlPlane.Hosting;

/// <summary>
/// One silo of a control-plane cluster: Orleans' Redis membership, grain state in PostgreSQL (the default storage
/// <see cref="ControlPlaneSiloExtensions.AddBunsanControlPlane"/> picks for <see cref="ControlPlaneOptions.Cluster"/>),
/// and the two services that make the embedded control plane's per-silo pieces hold with several silos.
/// </summary>
public static class ClusterSilo
{
    /// <summary>The Orleans service id: state and grain ids derive from it, so it never changes. Clusters differ by cluster id.</summary>
    public const string ServiceId = "bunsan";

    public static void Configure(ISiloBuilder silo, ControlPlaneOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        ClusterSettings cluster = options.Cluster
            ?? throw new ArgumentException("control plane options: Cluster is null: set it (PostgreSQL and Redis) for a clustered silo, or use ConfigureEmbeddedSilo", nameof(options));
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("control plane options: " + string.Join("; ", errors), nameof(options));
        }
        // Validated above, so it parses.
        _ = ClusterSettings.TryParseRedisEndpoint(cluster.RedisEndpoint, out string redisHost, out int redisPort);
        silo.Configure<ClusterOptions>(orleans =>
        {
            orleans.ServiceId = ServiceId;
            orleans.ClusterId = cluster.ClusterId;
        });
        // Orleans probes each silo every ProbeTimeout and declares it dead after 3 misses: by default (5 s) the API
        // answered 500 for 15.7 s after a kill -9 of the other silo (two `bunsan up --cluster` on loopback). 2 s keeps
        // a false suspicion to a pause of over 6 s, which a control plane on a LAN should not see.
        silo.Configure<ClusterMembershipOptions>(membership => membership.ProbeTimeout = TimeSpan.FromSeconds(2));
        if (cluster.AdvertisedAddress is { } address)
        {
            silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort);
        }
        else
        {
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort);
        }
        // Endpoints added one by one, never ConfigurationOptions.Parse: the endpoint is validated HOST:PORT, and no
        // text from the command line can smuggle in client options (",allowAdmin=true").
        silo.UseRedisClustering(redis =>
        {
            redis.ConfigurationOptions = new ConfigurationOptions { EndPoints = { { redisHost, redisPort } } };
            redis.CreateMultiplexer = async settings =>
            {
                try
                {
                    return await RedisClusteringOptions.DefaultCreateMultiplexer(settings).ConfigureAwait(false);
                }
                catch (RedisConnectionException e)
                {
                    // StackExchange.Redis' message advises client options --redis cannot take; its failure type and the option say more.
                    throw new IOException($"cannot reach Redis at {cluster.RedisEndpoint} ({e.FailureType}): check --redis and that the server is up", e);
                }
            };
        });
        silo.AddBunsanControlPlane(options, clock);
        TimeSpan interval = options.PlanInterval;
        silo.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ClusterPlanRelay>(services, interval));
        silo.Services.AddHostedService<ClusterSiteReload>();
    }
}
