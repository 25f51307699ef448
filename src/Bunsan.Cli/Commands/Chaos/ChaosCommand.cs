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
        var scenario = new Option<string>("--scenario") { Description = "kill-agent (the busiest edge replica) or kill-region (every site of its region at once)", DefaultValueFactory = _ => ChaosOptions.KillAgent };
        var duration = new Option<string>("--duration") { Description = "How long the load runs, e.g. 30s", DefaultValueFactory = _ => "30s" };
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
            scenario, duration, killAt, rateScale, seed, siteCount, keep,
        };
        command.SetAction((parseResult, cancel) => Task.FromResult(context.Run(() =>
        {
            string name = parseResult.GetValue(scenario)!;
            if (!ChaosOptions.KnownScenarios.Contains(name))
            {
                throw new BadInputException("--scenario", $"'{name}' is not a scenario: use {string.Join(" or ", ChaosOptions.KnownScenarios)}");
            }
            var (minutes, _, scale) = SimInputs.Window(parseResult.GetValue(duration), 0, parseResult.GetValue(rateScale));
            double seconds = minutes * 60;
            if (seconds is < 6 or > 3600)
            {
                throw new BadInputException("--duration", "use 6 s to 1 h");
            }
            double at = parseResult.GetResult(killAt) is null ? seconds / 3 : parseResult.GetValue(killAt);
            if (!(at >= 1 && at <= seconds - 2))
            {
                throw new BadInputException("--kill-at", string.Create(CultureInfo.InvariantCulture, $"{at} is out of range: use 1 to {seconds - 2:0} s (at least 2 s before the end)"));
            }
            int count = parseResult.GetValue(siteCount);
            if (count < DemoSites.MinSites || count > DemoSites.Ids.Length)
            {
                throw new BadInputException("--sites", $"{count} is out of range: use {DemoSites.MinSites} to {DemoSites.Ids.Length}");
            }
            var options = new ChaosOptions(name, seconds, at, scale, parseResult.GetValue(seed), count);
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
}
