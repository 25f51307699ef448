using System.CommandLine;
using System.Globalization;
using Bunsan.Agent;
using Bunsan.Agent.Control;
using Bunsan.Cli.Commands.Control;
using Bunsan.Core.Sites;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan agent --control URL ...`: the options of an agent that joins a control plane, and running it.</summary>
internal sealed class AgentControlOptions
{
    private readonly AgentSiteOptions _site = new();

    public Option<string?> Control { get; } = new("--control") { Description = "Join the federation of this control plane (its HTTP API, e.g. http://127.0.0.1:7070)" };

    public Option<string?> Token { get; } = new("--token") { Description = "Join token (default: $BUNSAN_TOKEN, else join.token in $BUNSAN_DATA or ~/.bunsan)" };

    public Option<string> Strategy { get; } = new("--strategy")
    {
        Description = "bunsan (default) | nearest | cloud-only: the baselines route to the nearest replica (cloud-only: the core site nearest Tokyo) without admission, for comparisons (bunsan demo)",
        DefaultValueFactory = _ => "bunsan",
    };

    public Option<bool> EmulateExec { get; } = new("--emulate-exec")
    {
        Description = "Hold each invocation's cores for an execution time drawn from its function's p50/p99 (for many agents on one machine)",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (Option option in (Option[])[Control, Token, Strategy, EmulateExec, .. _site.All])
        {
            command.Options.Add(option);
        }
    }

    public int Run(CliContext context, ParseResult p, int? port, int peerPort, string? dataDir, int? cores, ILinkDelay linkDelay, Version peerProtocol)
    {
        string url = p.GetValue(Control)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? control) || control.Scheme is not ("http" or "https"))
        {
            throw new BadInputException("--control", $"'{url}' is not an http(s) URL: use e.g. {ControlConnection.DefaultUrl}");
        }
        GatewayMode mode = GatewayMode.Parse(p.GetValue(Strategy))
            ?? throw new BadInputException("--strategy", $"'{p.GetValue(Strategy)}' is not a strategy: use {string.Join(", ", GatewayMode.All.Select(m => m.Name))}");
        if (port is not (>= 1 and <= 65535))
        {
            throw new BadInputException("--port", port is null ? "joining a control plane needs the port to listen on: --port 7101" : $"is {port}: use 1 to 65535");
        }
        if (cores is < 1 or > 100_000)
        {
            throw new BadInputException("--cores", $"is {cores}: use a whole number from 1");
        }
        string token = ControlConnection.ReadToken(p.GetValue(Token), "join.token", "pass the control plane's join.token");
        // A join token that pins a CA means production mode: this agent then serves TLS only.
        bool tls = Bunsan.Protocol.Trust.JoinToken.Parse(token).CaFingerprint is not null;
        Site site = _site.Read(p, cores ?? Environment.ProcessorCount, port.Value, tls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp);
        var options = new ControlledAgentOptions
        {
            ControlUrl = control,
            Token = token,
            Site = site,
            Port = port.Value,
            PeerPort = peerPort,
            DataDirectory = Path.GetFullPath(dataDir ?? Path.Combine(Path.GetTempPath(), "bunsan-agent", site.Id)),
            Cores = cores,
            Mode = mode,
            PeerProtocol = peerProtocol,
            LinkDelay = linkDelay,
            ExecutionEmulation = p.GetValue(EmulateExec) ? new ExecutionEmulation(AgentCommand.EmulatedWan()) : null,
            Log = line => context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} agent {site.Id}: {line}")),
        };
        ControlledAgentStart started = ControlledAgent.StartAsync(options).GetAwaiter().GetResult();
        if (started.Agent is not { } agent)
        {
            throw new BadInputException(started.Field!, started.Error!);
        }
        context.Out.WriteLine($"bunsan agent: site {site.Id} ({site.Tier.ToString().ToLowerInvariant()}, {site.Location}) listening on port {port} (clients), {agent.PeerPort} (peers, HTTP/2); control plane {control}");
        context.Out.WriteLine($"strategy {mode.Name}; network: {(linkDelay.Emulated ? "emulated wide-area latency" : "real")}; execution: {(options.ExecutionEmulation is null ? "real" : "emulated from each function's spec")}; state in {options.DataDirectory}");
        context.Out.Flush();
        agent.WaitForShutdownAsync().GetAwaiter().GetResult();
        agent.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return ExitCodes.Ok;
    }
}
