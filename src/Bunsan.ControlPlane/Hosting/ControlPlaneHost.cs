using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Hosting;

/// <summary>
/// The control plane's silo: by default embedded, one Orleans silo on loopback (localhost clustering) with its state
/// in SQLite under the data directory; with <see cref="ControlPlaneOptions.Cluster"/> one silo of a cluster. Start it,
/// use <see cref="Grains"/>, stop it; a new host over the same data (directory or database) finds every registration
/// and deployment again.
/// </summary>
public sealed partial class ControlPlaneHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ILogger<ControlPlaneHost> _logger;

    private ControlPlaneHost(IHost host, ControlPlaneOptions options)
    {
        _host = host;
        Options = options;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
        _logger = host.Services.GetRequiredService<ILogger<ControlPlaneHost>>();
    }

    public ControlPlaneOptions Options { get; }

    /// <summary>The silo's grain factory: the HTTP/gRPC layers built on this host call grains through it.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>The host's services (logging, options, the silo's own), for layers that add to it.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Builds and starts the silo; returns once it accepts calls. Throws with every bad option named.</summary>
    /// <param name="configureLogging">Adds log providers; none by default, so a CLI's output stays its own.</param>
    public static async Task<ControlPlaneHost> StartAsync(
        ControlPlaneOptions options,
        Action<ILoggingBuilder>? configureLogging = null,
        TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        builder.UseOrleans(silo => ConfigureSilo(silo, options, clock));
        IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        var controlPlane = new ControlPlaneHost(host, options);
        controlPlane.LogStarted(options.SiloPort, options.GatewayPort, options.DataDirectory);
        return controlPlane;
    }

    /// <summary>
    /// The silo <paramref name="options"/> ask for: embedded (<see cref="ConfigureEmbeddedSilo"/>) or, with
    /// <see cref="ControlPlaneOptions.Cluster"/> set, one silo of a cluster (<see cref="ClusterSilo.Configure"/>).
    /// Hosts that add an HTTP API call this from their own UseOrleans.
    /// </summary>
    /// <param name="tls">Production mode's material when the host has loaded it already (its HTTP ports use the same
    /// certificate); null: loaded here when <see cref="ControlPlaneOptions.Tls"/> is set.</param>
    public static void ConfigureSilo(ISiloBuilder silo, ControlPlaneOptions options, TimeProvider? clock = null, Security.ControlPlaneTls? tls = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Cluster is null)
        {
            ConfigureEmbeddedSilo(silo, options, clock);
        }
        else
        {
            ClusterSilo.Configure(silo, options, clock);
        }
        SiloTls.Configure(silo, options, tls);
    }

    /// <summary>
    /// One silo clustered with itself on loopback, plus the control plane. A host that adds an HTTP
    /// API (a WebApplication) calls this from its own UseOrleans.
    /// </summary>
    public static void ConfigureEmbeddedSilo(ISiloBuilder silo, ControlPlaneOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: "bunsan", clusterId: "bunsan-embedded");
        silo.AddBunsanControlPlane(options, clock);
    }

    /// <summary>Stops the silo gracefully: calls in flight finish, grains deactivate, the store is closed, a cluster's other silos take over.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _host.StopAsync(cancellationToken).ConfigureAwait(false);
        LogStopped(Options.DataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host.Dispose();
        }
    }

    [LoggerMessage(EventId = ControlPlaneEventIds.ControlPlaneStarted, Level = LogLevel.Information,
        Message = "Control plane started: silo port {SiloPort}, gateway port {GatewayPort}, data in {DataDirectory}")]
    private partial void LogStarted(int siloPort, int gatewayPort, string dataDirectory);

    [LoggerMessage(EventId = ControlPlaneEventIds.ControlPlaneStopped, Level = LogLevel.Information, Message = "Control plane stopped (data in {DataDirectory})")]
    private partial void LogStopped(string dataDirectory);
}
