using Bunsan.ControlPlane.Agents;
using Bunsan.ControlPlane.Datasets;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Jobs;
using Bunsan.ControlPlane.Ledger;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Queries;
using Bunsan.ControlPlane.Security;
using Bunsan.ControlPlane.Tokens;
using Bunsan.Protocol.Trust;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// The control plane as a service: the embedded silo, the authenticated HTTP API (`/v1/...`, OpenAPI at
/// `/openapi/v1.json`) on <see cref="ControlPlaneOptions.ApiPort"/>, the gRPC agent service on
/// <see cref="ControlPlaneOptions.AgentPort"/>, and the placement loop. On first start over a data directory it
/// mints an admin token and a join token into <c>admin.token</c> and <c>join.token</c> there (mode 0600).
/// </summary>
public sealed partial class ControlPlaneServer : IAsyncDisposable
{
    public const string AdminTokenFile = "admin.token";
    public const string JoinTokenFile = "join.token";

    private readonly WebApplication _app;

    private ControlPlaneServer(WebApplication app, ControlPlaneOptions options, Uri api, Uri agent)
    {
        _app = app;
        Ledger = app.Services.GetRequiredService<ControlPlaneLedger>();
        Options = options;
        ApiUri = api;
        AgentUri = agent;
    }

    public ControlPlaneOptions Options { get; }

    /// <summary>The HTTP API's base address (http://host:port/).</summary>
    public Uri ApiUri { get; }

    /// <summary>The gRPC agent service's address.</summary>
    public Uri AgentUri { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _app.Services;

    /// <summary>The transparency ledger (DATA/ledger.db), verified at start; see the README's "Ledger" section.</summary>
    public ControlPlaneLedger Ledger { get; }

    public string AdminTokenPath => Path.Combine(Path.GetFullPath(Options.DataDirectory), AdminTokenFile);

    public string JoinTokenPath => Path.Combine(Path.GetFullPath(Options.DataDirectory), JoinTokenFile);

    public static async Task<ControlPlaneServer> StartAsync(
        ControlPlaneOptions options,
        Action<ILoggingBuilder>? configureLogging = null,
        TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("control plane options: " + string.Join("; ", errors), nameof(options));
        }
        Directory.CreateDirectory(options.DataDirectory);
        var ledger = ControlPlaneLedger.Open(options.DataDirectory, new ControlPlaneClock(clock ?? TimeProvider.System));
        WebApplication app;
        try
        {
            app = Build(options, configureLogging, clock, ledger);
        }
        catch
        {
            await ledger.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            (Uri api, Uri agent) = Addresses(app, options);
            var server = new ControlPlaneServer(app, options, api, agent);
            await server.EnsureTokenFilesAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await ledger.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static WebApplication Build(ControlPlaneOptions options, Action<ILoggingBuilder>? configureLogging, TimeProvider? clock, ControlPlaneLedger ledger)
    {
        // No appsettings reload: by default the host watches the working directory recursively, waking on every write
        // under it. The control plane takes its configuration from the command line, not from files.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        ControlPlaneTls? tls = options.Tls ? ControlPlaneTls.Load(options) : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // With --tls both ports speak TLS only: a plaintext client gets no HTTP answer, just a failed handshake.
            kestrel.Listen(options.ListenAddress, options.ApiPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                tls?.Serve(listen, requireSiteCertificate: false);
            });
            kestrel.Listen(options.ListenAddress, options.AgentPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                tls?.Serve(listen, requireSiteCertificate: true);
            });
        });
        if (tls is not null)
        {
            builder.Services.AddSingleton(tls);
        }
        // Before UseOrleans: AddBunsanControlPlane only adds the no-op writer where none is registered (same container).
        builder.Services.AddSingleton(ledger).AddSingleton<ILedgerWriter>(ledger);
        builder.UseOrleans(silo => ControlPlaneHost.ConfigureSilo(silo, options, clock, tls));
        builder.Services.AddGrpc();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<TokenCache>();
        builder.Services.AddSingleton(_ => new ModuleChecker(Path.Combine(options.DataDirectory, "module-cache")));
        builder.Services.AddSingleton(new PlacementLoopOptions { Interval = options.PlanInterval });
        builder.Services.AddHostedService<PlacementLoop>();
        builder.Services.AddBunsanJobs();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SiteDataClient>();
        builder.Services.AddSingleton<DatasetService>();
        builder.Services.AddSingleton<QueryRounds>();
        builder.Services.AddSingleton<QueryCoordinator>();
        builder.Services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(TokenAuthenticationHandler.AdminPolicy, policy => policy.RequireRole("admin"))
            .AddPolicy(TokenAuthenticationHandler.AgentPolicy, policy => policy.RequireRole("admin", "join"))
            .AddPolicy(TokenAuthenticationHandler.AnalystPolicy, policy => policy.RequireRole("admin", "analyst"));

        WebApplication app = builder.Build();
        app.Use(UnavailableResponses.InvokeAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        RouteGroupBuilder admin = app.MapGroup("/v1").RequireAuthorization(TokenAuthenticationHandler.AdminPolicy);
        RouteGroupBuilder agents = app.MapGroup("/v1").RequireAuthorization(TokenAuthenticationHandler.AgentPolicy);
        RouteGroupBuilder analysts = app.MapGroup("/v1").RequireAuthorization(TokenAuthenticationHandler.AnalystPolicy);
        SiteEndpoints.Map(admin);
        FunctionEndpoints.Map(admin);
        ModuleEndpoints.Map(admin, agents);
        ControlEndpoints.Map(admin, agents, () => Addresses(app, options).Agent);
        EnrolmentEndpoints.Map(app, agents);
        LedgerEndpoints.Map(agents);
        JobEndpoints.Map(admin);
        DatasetEndpoints.Map(admin, analysts);
        QueryEndpoints.Map(analysts);
        app.MapGrpcService<AgentControlService>().RequireAuthorization(TokenAuthenticationHandler.AgentPolicy);
        return app;
    }

    /// <summary>The bound addresses (ports chosen by the OS when the options asked for 0).</summary>
    private static (Uri Api, Uri Agent) Addresses(WebApplication app, ControlPlaneOptions options)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a)).ToList();
        Uri api = bound.First(u => options.ApiPort == 0 || u.Port == options.ApiPort);
        Uri agent = bound.First(u => u != api && (options.AgentPort == 0 || u.Port == options.AgentPort));
        return (api, agent);
    }

    /// <summary>
    /// Mints the admin and join tokens whose files are missing (first start, or a deleted file: whoever can
    /// write the data directory can read the database anyway, so a new file is no escalation). In production mode
    /// the join token carries the CA's fingerprint (<see cref="JoinToken"/>); a start in the other mode rewrites the
    /// file with the same secret, so agents given the file always learn how to trust this control plane.
    /// </summary>
    private async Task EnsureTokenFilesAsync()
    {
        string? fingerprint = Services.GetService<ControlPlaneTls>()?.Ca.Fingerprint;
        foreach ((TokenKind kind, string path) in new[] { (TokenKind.Admin, AdminTokenPath), (TokenKind.Join, JoinTokenPath) })
        {
            if (File.Exists(path))
            {
                if (kind == TokenKind.Join && JoinToken.Parse(File.ReadAllText(path).Trim()) is var written && written.CaFingerprint != fingerprint)
                {
                    AccessTokens.WriteSecretFile(path, (written with { CaFingerprint = fingerprint }).ToString());
                }
                continue;
            }
            string token = AccessTokens.Create(kind);
            await Grains.Tokens().Add(AccessTokens.Hash(token), kind).ConfigureAwait(false);
            AccessTokens.WriteSecretFile(path, kind == TokenKind.Join ? new JoinToken(token, fingerprint).ToString() : token);
        }
    }

    /// <summary>Completes when the server is asked to stop: SIGTERM, Ctrl+C (the host's own handling), or <paramref name="cancellationToken"/>.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Stops the server, then closes the ledger: grains still running during shutdown may append to it.</summary>
    public async ValueTask DisposeAsync()
    {
        ControlPlaneTls? tls = _app.Services.GetService<ControlPlaneTls>();
        await _app.DisposeAsync().ConfigureAwait(false);
        tls?.Dispose();
        await Ledger.DisposeAsync().ConfigureAwait(false);
    }
}
