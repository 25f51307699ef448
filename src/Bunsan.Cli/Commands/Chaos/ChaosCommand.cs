using System.CommandLine;
using System.Globalization;
using Bunsan.Cli.Commands.Demo;

namespace Bunsan.Cli.Commands.Chaos;

/// <summary>
/// `bunsan chaos`: the demo's federation under load, one crash injected mid-run (an agent, or a whole region, killed
/// with SIGKILL), and what it cost: deadline hits before, right after and after the kill, requests lost, and how long
/// the control plane took to see the failure and to place the realtime function without the dead sites.
/// </summary>
public static class ChaosCommand
{
    public static Command Create(CliContext context)
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "kill-agent (the busiest edge replica), kill-region (every site of its region at once), or control-plane-down " +
                "(the control plane killed for --outage, the busiest edge agent restarted meanwhile, then the control plane restarted)",
            DefaultValueFactory = _ => ChaosOptions.KillAgent,
        };
        var duration = new Option<string?>("--duration") { Description = "How long the load runs, e.g. 30s (default 30 s; control-plane-down: the outage plus 30 s)" };
        var outage = new Option<string>("--outage") { Description = "control-plane-down: how long the control plane stays down", DefaultValueFactory = _ => "60s" };
        var killAt = new Option<double>("--kill-at") { Description = "Seconds into the run when the victims are killed (default: a third of the duration)" };
        var rateScale = new Option<double>("--rate-scale") { Description = "Multiplies the trace's rates (as in bunsan demo)", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<int>("--seed") { Description = "Seed of every random draw", DefaultValueFactory = _ => 1 };
        var siteCount = new Option<int>("--sites") { Description = $"How many of the demo's sites to run ({DemoSites.MinSites}-{DemoSites.Ids.Length})", DefaultValueFactory = _ => DemoSites.Ids.Length };
        var keep = new Option<string?>("--work-dir") { Description = "Where the processes keep their state and logs (default: a temporary folder, removed afterwards)" };
        var command = new Command("chaos",
            "Kills part of a loaded federation and measures failover: the demo's control plane and agents as processes on loopback " +
            "(wide-area latency and execution emulated), the demo's load with clients that turn to their next gateway when theirs " +
            "is gone, and after a warm-up the busiest edge replica of the realtime function (kill-agent) or its whole region " +
            "(kill-region) killed with SIGKILL. Prints deadline hits and lost requests before and after the kill, counting only " +
            "requests some surviving site could have answered in time, and the times to detection and to a placement without the dead sites.\n\n" +
            "Examples:\n  bunsan chaos\n  bunsan chaos --scenario kill-region --duration 1m --json")
        {
            scenario, duration, outage, killAt, rateScale, seed, siteCount, keep,
        };
        command.SetAction((parseResult, cancel) => Task.FromResult(context.Run(() =>
        {
            string name = parseResult.GetValue(scenario)!;
            if (!ChaosOptions.KnownScenarios.Contains(name))
            {
                throw new BadInputException("--scenario", $"'{name}' is not a scenario: use {string.Join(" or ", ChaosOptions.KnownScenarios)}");
            }
            bool down = name == ChaosOptions.ControlPlaneDown;
            double outageSeconds = down ? Seconds("--outage", parseResult.GetValue(outage)!, 3, 600) : 0;
            string? given = parseResult.GetValue(duration);
            double seconds = given is null ? (down ? outageSeconds + 30 : 30) : Seconds("--duration", given, 6, 3600);
            // The rate scale is checked as every trace-driven verb checks it (the duration is already valid here).
            var (_, _, scale) = SimInputs.Window(string.Create(CultureInfo.InvariantCulture, $"{seconds}s"), 0, parseResult.GetValue(rateScale));
            double at = parseResult.GetResult(killAt) is null ? (down ? 10 : seconds / 3) : parseResult.GetValue(killAt);
            if (!(at >= 1 && at + outageSeconds <= seconds - 2))
            {
                throw new BadInputException("--kill-at", string.Create(CultureInfo.InvariantCulture,
                    $"{at} is out of range: use 1 to {seconds - 2 - outageSeconds:0} s (the failure{(down ? " and the outage" : "")} must end at least 2 s before the run, or lengthen --duration)"));
            }
            int count = parseResult.GetValue(siteCount);
            if (count < DemoSites.MinSites || count > DemoSites.Ids.Length)
            {
                throw new BadInputException("--sites", $"{count} is out of range: use {DemoSites.MinSites} to {DemoSites.Ids.Length}");
            }
            var options = new ChaosOptions(name, seconds, at, scale, parseResult.GetValue(seed), count, outageSeconds);
            ChaosReport? report = DemoCommand.RunUntilStopped(new ChaosRun(context, options, parseResult.GetValue(keep)).RunAsync, cancel);
            if (report is null)
            {
                context.Error.WriteLine("chaos: stopped; every process it started has ended");
                return ExitCodes.Failed;
            }
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.WriteJson(report);
            }
            else
            {
                ChaosTable.Write(context.Out, report);
            }
            return ExitCodes.Ok;
        })));
        return command;
    }

    /// <summary>A duration such as 30s or 1m, in seconds, within [<paramref name="least"/>, <paramref name="most"/>].</summary>
    private static double Seconds(string option, string text, double least, double most)
    {
        if (!SimDuration.TryParseMinutes(text, out double minutes, out string? error))
        {
            throw new BadInputException(option, error!);
        }
        double seconds = minutes * 60;
        return seconds >= least && seconds <= most ? seconds
            : throw new BadInputException(option, string.Create(CultureInfo.InvariantCulture, $"'{text}' is out of range: use {least:0} s to {most / 60:0} min"));
    }
}
