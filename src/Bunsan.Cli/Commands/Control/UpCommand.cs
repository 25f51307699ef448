using System.CommandLine;
using System.Net;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Security;
using Bunsan.Ledger.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Bunsan.Cli.Commands.Control;

/// <summary>
/// `bunsan up`: the embedded control plane (one Orleans silo, state in a SQLite file under --data), or with --cluster
/// one silo of a cluster (Redis membership, PostgreSQL state), with its HTTP API and agent service, until Ctrl+C.
/// First start mints the admin and join tokens into the data directory.
/// </summary>
public static class UpCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string?>("--data") { Description = "Data directory: state, tokens, module cache (default: $BUNSAN_DATA or ~/.bunsan)" };
        var port = new Option<int>("--port") { Description = "HTTP API port (default 7070); the agent service (gRPC) listens on --agent-port", DefaultValueFactory = _ => 7070 };
        var agentPort = new Option<int?>("--agent-port") { Description = "gRPC agent service port (default: --port + 1)" };
        var siloPort = new Option<int>("--silo-port") { Description = "Orleans silo port, on loopback (on --advertise with --cluster) (default 11111)", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Orleans gateway port, on loopback (on --advertise with --cluster) (default 30000)", DefaultValueFactory = _ => 30000 };
        var cluster = new Option<bool>("--cluster") { Description = "Run one silo of a cluster: membership in Redis (--redis), state in PostgreSQL (--postgres)" };
        var postgres = new Option<string?>("--postgres") { Description = "With --cluster: the state database, an Npgsql connection string (\"Host=db;Username=bunsan;Database=bunsan\")" };
        var redis = new Option<string?>("--redis") { Description = "With --cluster: the membership Redis as HOST:PORT" };
        var clusterId = new Option<string>("--cluster-id") { Description = "With --cluster: the cluster's name in Redis (default bunsan)", DefaultValueFactory = _ => "bunsan" };
        var tls = new Option<bool>("--tls")
        {
            Description = "Production mode: mutual TLS on every port, from the CA `bunsan ca init` made in --data; plaintext is refused, and join.token then carries the CA's fingerprint",
        };
        var advertise = new Option<string?>("--advertise") { Description = "With --cluster: the address other silos reach this one at (default: this machine's first non-loopback address)" };
        var command = new Command("up",
            "Starts the control plane on this machine: HTTP API for people and scripts, gRPC service for agents, placement " +
            "every second. Agents join with `bunsan agent --control URL --token $(cat DATA/join.token) ...`.\n\n" +
            "Example:\n  bunsan up\n  bunsan up --data /var/lib/bunsan --port 8080\n" +
            "  bunsan ca init && bunsan up --tls\n" +
            "  bunsan up --cluster --postgres \"Host=db;Username=bunsan;Database=bunsan\" --redis redis:6379 --advertise 10.0.0.5")
        {
            data, port, agentPort, siloPort, gatewayPort, cluster, postgres, redis, clusterId, advertise, tls,
        };
        command.SetAction((parseResult, cancel) => Task.FromResult(context.Run(() =>
        {
            int api = parseResult.GetValue(port);
            var options = new ControlPlaneOptions
            {
                DataDirectory = parseResult.GetValue(data) ?? ControlConnection.DefaultDataDirectory,
                ApiPort = api,
                AgentPort = parseResult.GetValue(agentPort) ?? api + 1,
                SiloPort = parseResult.GetValue(siloPort),
                GatewayPort = parseResult.GetValue(gatewayPort),
                Cluster = ClusterFrom(parseResult, cluster, postgres, redis, clusterId, advertise),
                Tls = parseResult.GetValue(tls),
            };
            IReadOnlyList<string> errors = options.Validate();
            if (errors.Count > 0)
            {
                throw new BadInputException("options", string.Join("; ", errors));
            }
            if (options.Tls)
            {
                using FederationCa ca = FederationCa.Load(options.DataDirectory, out string? problem) ?? throw new BadInputException("--tls", problem!);
            }
            Run(context, options, cancel).GetAwaiter().GetResult();
            return ExitCodes.Ok;
        })));
        return command;
    }

    /// <summary>The cluster settings when --cluster is given; the cluster-only options without it are bad input, not ignored.</summary>
    private static ClusterSettings? ClusterFrom(
        ParseResult parseResult, Option<bool> cluster, Option<string?> postgres, Option<string?> redis, Option<string> clusterId, Option<string?> advertise)
    {
        if (!parseResult.GetValue(cluster))
        {
            foreach (Option option in new Option[] { postgres, redis, clusterId, advertise })
            {
                if (parseResult.GetResult(option) is { Implicit: false })
                {
                    throw new BadInputException(option.Name, "only applies with --cluster: add --cluster to run one silo of a cluster, or drop it for the embedded control plane");
                }
            }
            return null;
        }
        string? address = parseResult.GetValue(advertise);
        IPAddress? advertised = null;
        if (address is not null && !IPAddress.TryParse(address, out advertised))
        {
            throw new BadInputException("--advertise", "is not an IP address: give the address other silos reach this one at, e.g. 10.0.0.5");
        }
        var settings = new ClusterSettings
        {
            PostgresConnectionString = parseResult.GetValue(postgres)
                ?? throw new BadInputException("--postgres", "is required with --cluster: give the state database, e.g. --postgres \"Host=db;Username=bunsan;Database=bunsan\""),
            RedisEndpoint = parseResult.GetValue(redis)
                ?? throw new BadInputException("--redis", "is required with --cluster: give the membership Redis as HOST:PORT, e.g. --redis redis:6379"),
            ClusterId = parseResult.GetValue(clusterId)!,
            AdvertisedAddress = advertised,
        };
        foreach (string error in settings.Validate())
        {
            string field = error.StartsWith(nameof(ClusterSettings.PostgresConnectionString), StringComparison.Ordinal) ? "--postgres"
                : error.StartsWith(nameof(ClusterSettings.RedisEndpoint), StringComparison.Ordinal) ? "--redis"
                : error.StartsWith(nameof(ClusterSettings.ClusterId), StringComparison.Ordinal) ? "--cluster-id"
                : "--advertise";
            throw new BadInputException(field, error);
        }
        return settings;
    }

    private static async Task Run(CliContext context, ControlPlaneOptions options, CancellationToken cancel)
    {
        ControlPlaneServer started;
        try
        {
            started = await ControlPlaneServer.StartAsync(options, cancellationToken: cancel);
        }
        catch (LedgerIntegrityException e)
        {
            // A ledger that no longer matches its signed checkpoint: refuse to run, in one line (the message names the fix).
            throw new IOException(e.Message, e);
        }
        await using ControlPlaneServer server = started;
        context.Out.WriteLine($"bunsan control plane up");
        context.Out.WriteLine($"  HTTP API      {server.ApiUri}  (OpenAPI: {server.ApiUri}openapi/v1.json)");
        context.Out.WriteLine($"  agent service {server.AgentUri}  (gRPC)");
        context.Out.WriteLine($"  data          {Path.GetFullPath(options.DataDirectory)}");
        if (options.Cluster is { } cluster)
        {
            context.Out.WriteLine($"  cluster       '{cluster.ClusterId}': membership in Redis {cluster.RedisEndpoint}, state in PostgreSQL; silo port {options.SiloPort}, gateway port {options.GatewayPort}");
        }
        if (server.Services.GetService<ControlPlaneTls>() is { } tls)
        {
            context.Out.WriteLine($"  mutual TLS    CA {tls.Ca.Fingerprint} ({Path.Combine(FederationCa.DirectoryOf(options.DataDirectory), FederationCa.CertificateFile)}); plaintext refused");
        }
        context.Out.WriteLine($"  admin token   {server.AdminTokenPath}  (mode 0600; the CLI reads it by default)");
        context.Out.WriteLine($"  join token    {server.JoinTokenPath}");
        context.Out.WriteLine("Ctrl+C stops it; placed functions keep answering without it.");
        // The host handles SIGTERM and Ctrl+C itself (graceful stop); the CLI's token covers the rest.
        await server.WaitForShutdownAsync(cancel);
    }
}
