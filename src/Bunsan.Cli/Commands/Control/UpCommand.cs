using System.CommandLine;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Ledger.Store;

namespace Bunsan.Cli.Commands.Control;

/// <summary>
/// `bunsan up`: the embedded control plane (one Orleans silo, state in a SQLite file under --data) with its HTTP
/// API and agent service, until Ctrl+C. First start mints the admin and join tokens into the data directory.
/// </summary>
public static class UpCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string?>("--data") { Description = "Data directory: state, tokens, module cache (default: $BUNSAN_DATA or ~/.bunsan)" };
        var port = new Option<int>("--port") { Description = "HTTP API port (default 7070); the agent service (gRPC) listens on --agent-port", DefaultValueFactory = _ => 7070 };
        var agentPort = new Option<int?>("--agent-port") { Description = "gRPC agent service port (default: --port + 1)" };
        var siloPort = new Option<int>("--silo-port") { Description = "Orleans silo port on loopback (default 11111)", DefaultValueFactory = _ => 11111 };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "Orleans gateway port on loopback (default 30000)", DefaultValueFactory = _ => 30000 };
        var command = new Command("up",
            "Starts the control plane on this machine: HTTP API for people and scripts, gRPC service for agents, placement " +
            "every second. Agents join with `bunsan agent --control URL --token $(cat DATA/join.token) ...`.\n\n" +
            "Example:\n  bunsan up\n  bunsan up --data /var/lib/bunsan --port 8080")
        {
            data, port, agentPort, siloPort, gatewayPort,
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
            };
            IReadOnlyList<string> errors = options.Validate();
            if (errors.Count > 0)
            {
                throw new BadInputException("options", string.Join("; ", errors));
            }
            Run(context, options, cancel).GetAwaiter().GetResult();
            return ExitCodes.Ok;
        })));
        return command;
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
        context.Out.WriteLine($"  admin token   {server.AdminTokenPath}  (mode 0600; the CLI reads it by default)");
        context.Out.WriteLine($"  join token    {server.JoinTokenPath}");
        context.Out.WriteLine("Ctrl+C stops it; placed functions keep answering without it.");
        // The host handles SIGTERM and Ctrl+C itself (graceful stop); the CLI's token covers the rest.
        await server.WaitForShutdownAsync(cancel);
    }
}
