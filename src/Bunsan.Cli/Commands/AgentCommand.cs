using System.CommandLine;
using Bunsan.Agent;
using Bunsan.Emulation;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan agent`: runs one site's agent (gateway + executor) until Ctrl+C.</summary>
public static class AgentCommand
{
    public static Command Create(CliContext context)
    {
        var topology = new Option<string?>("--topology") { Description = "Without a control plane: the topology file every agent shares; sites give their agents' endpoint: http://HOST:PORT" };
        var functions = new Option<string?>("--functions") { Description = "Without a control plane: the function catalog every agent shares; functions name their module: path.wat|.wasm" };
        var site = new Option<string?>("--site") { Description = "Without a control plane: this agent's site id in the topology" };
        var port = new Option<int?>("--port") { Description = "Port to listen on (default: the port of the site's endpoint)" };
        var peerPort = new Option<int>("--peer-port") { Description = "Port of the HTTP/2-only listener peers forward to (default 0: a free port, advertised on GET /v1/health as Bunsan-Peer-Port)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder for the module store (default: a folder per site under the temporary directory)" };
        var cores = new Option<int?>("--cores") { Description = "Cores lent to invocations (default: the site's capacity, at most 64)" };
        var emulateWan = new Option<bool>("--emulate-wan") { Description = "Delay each forward and its reply by the modelled one-way latency between the two sites" };
        var peerProtocol = new Option<string>("--peer-protocol")
        {
            Description = "HTTP version of forwards to peers: 1.1 (keep-alive; the default, measured faster) or 2 (h2c, one multiplexed connection per peer)",
            DefaultValueFactory = _ => "1.1",
        };
        var control = new AgentControlOptions();
        var command = new Command("agent",
            "Runs one site's agent: POST /v1/invoke/{function} routes each invocation by deadline to this site's executor or " +
            "one peer agent, with admission at the executing site and an explicit 503 deadline error when no site can make it. " +
            "With --control it joins a federation run by a control plane (`bunsan up`), which pushes what to host and where " +
            "every function runs; without, every agent computes the same placement from the same topology and catalog.\n\n" +
            "Examples:\n  bunsan agent --control http://127.0.0.1:7070 --token $(cat ~/.bunsan/join.token) --name edge-osaka --lat 34.69 --lon 135.50 --cores 8 --port 7101\n" +
            "  bunsan agent --topology federation.yaml --functions functions.yaml --site edge-sendai\n" +
            "  bunsan agent --topology federation.yaml --functions functions.yaml --site edge-sendai --port 7101 --peer-port 7201 --emulate-wan")
        {
            topology, functions, site, port, peerPort, dataDir, cores, emulateWan, peerProtocol,
        };
        control.AddTo(command);
        command.SetAction(parseResult => context.Run(() =>
        {
            Version protocol = parseResult.GetValue(peerProtocol) switch
            {
                "1.1" => System.Net.HttpVersion.Version11,
                "2" or "2.0" => System.Net.HttpVersion.Version20,
                var other => throw new BadInputException("--peer-protocol", $"'{other}' is not a peer protocol: use 1.1 or 2"),
            };
            if (parseResult.GetValue(control.Control) is not null)
            {
                if (parseResult.GetValue(topology) is not null || parseResult.GetValue(functions) is not null || parseResult.GetValue(site) is not null)
                {
                    throw new BadInputException("--control", "give either --control (the control plane decides) or --topology, --functions and --site, not both");
                }
                return control.Run(context, parseResult, parseResult.GetValue(port), parseResult.GetValue(peerPort), parseResult.GetValue(dataDir),
                    parseResult.GetValue(cores), parseResult.GetValue(emulateWan) ? EmulatedWan() : NoLinkDelay.Instance, protocol);
            }
            foreach ((Option<string?> option, string name) in new[] { (topology, "--topology"), (functions, "--functions"), (site, "--site") })
            {
                if (parseResult.GetValue(option) is null)
                {
                    throw new BadInputException(name, $"{name} is missing: give --topology, --functions and --site, or --control URL to join a control plane");
                }
            }
            bool emulated = parseResult.GetValue(emulateWan);
            var options = new AgentOptions
            {
                TopologyPath = parseResult.GetValue(topology)!,
                FunctionsPath = parseResult.GetValue(functions)!,
                SiteId = parseResult.GetValue(site)!,
                Port = parseResult.GetValue(port),
                PeerPort = parseResult.GetValue(peerPort),
                DataDirectory = parseResult.GetValue(dataDir),
                Cores = parseResult.GetValue(cores),
                PeerProtocol = protocol,
                LinkDelay = emulated ? EmulatedWan() : NoLinkDelay.Instance,
            };
            foreach ((string option, string path) in new[] { ("--topology", options.TopologyPath), ("--functions", options.FunctionsPath) })
            {
                CliContext.ReadInputFile(option, path);
            }
            AgentStartResult started = AgentHost.StartAsync(options).GetAwaiter().GetResult();
            if (started.Host is not { } host)
            {
                throw new BadInputException(started.Field!, started.Error!);
            }
            foreach (string line in host.Banner(options.LinkDelay))
            {
                context.Out.WriteLine(line);
            }
            context.Out.Flush();
            host.WaitForShutdownAsync().GetAwaiter().GetResult();
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// The one place the emulated wide-area network plugs in: the process's precise delay line (±0.3 ms;
    /// src/Bunsan.Emulation), since Task.Delay fires on a ~4 ms grid here, more than a realtime budget allows.
    /// </summary>
    internal static EmulatedLinkDelay EmulatedWan() => new EmulatedLinkDelay(DelayLine.Shared.DelayAsync);
}
