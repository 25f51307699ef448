using System.CommandLine;
using System.Runtime.InteropServices;
using Bunsan.Core.Topologies;
using Bunsan.Simulation.Reporting;

namespace Bunsan.Cli.Commands.Demo;

/// <summary>
/// `bunsan demo`, the README's first command: a control plane and fourteen agents as separate processes on loopback
/// with an emulated wide-area network, example functions in two latency classes, load from origins all over Japan
/// shaped by the Azure Functions trace with an Osaka burst in the middle, and a table per strategy measured from the
/// real processes.
/// </summary>
public static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var duration = new Option<string>("--duration") { Description = "How long each strategy runs, e.g. 20s, 1m", DefaultValueFactory = _ => "20s" };
        var strategies = new Option<string>("--strategies") { Description = "Strategies to compare, comma-separated: bunsan, nearest, cloud-only", DefaultValueFactory = _ => "bunsan,cloud-only,nearest" };
        var rateScale = new Option<double>("--rate-scale") { Description = "Multiplies the trace's rates (1 = the sample's own ~150 requests/s; the default suits 2 cores)", DefaultValueFactory = _ => 0.5 };
        var burst = new Option<double>("--burst-factor") { Description = "How much Osaka's traffic grows in the middle third of each run", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of every random draw (the same requests for every strategy)", DefaultValueFactory = _ => 1 };
        var siteCount = new Option<int>("--sites") { Description = $"How many of the {DemoSites.Ids.Length} sites to run ({DemoSites.MinSites}-{DemoSites.Ids.Length}; fewer processes for a smaller machine)", DefaultValueFactory = _ => DemoSites.Ids.Length };
        var plot = new Option<string?>("--plot") { Description = "Write latency CDFs per class and strategy (FILE.png or FILE.svg)" };
        var keep = new Option<string?>("--work-dir") { Description = "Where the processes keep their state and logs (default: a temporary folder, removed afterwards)" };
        var command = new Command("demo",
            "Runs a federation on this machine and shows why Bunsan exists: a control plane and up to 14 agents from Sapporo to Naha " +
            "as separate processes on loopback, wide-area latency emulated (each forward and reply waits the modelled one-way " +
            "latency), a realtime (10 ms) and an interactive (500 ms) function, load from across Japan shaped by the Azure " +
            "Functions trace with Osaka's traffic ×10 in the middle third, once per strategy on a fresh federation. Prints, per " +
            "strategy and class, deadline hits, rejections and latency percentiles measured from the real processes.\n\n" +
            "Examples:\n  bunsan demo\n  bunsan demo --duration 1m --json\n  bunsan demo --sites 8 --plot demo.png")
        {
            duration, strategies, rateScale, burst, seed, siteCount, plot, keep,
        };
        command.SetAction((parseResult, cancel) => Task.FromResult(context.Run(() =>
        {
            var (minutes, _, scale) = SimInputs.Window(parseResult.GetValue(duration), 0, parseResult.GetValue(rateScale));
            string[] names = [.. parseResult.GetValue(strategies)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            string? unknown = names.FirstOrDefault(n => !DemoOptions.KnownStrategies.Contains(n));
            if (names.Length == 0 || unknown is not null)
            {
                throw new BadInputException("--strategies", $"'{unknown}' is not a strategy: use {string.Join(", ", DemoOptions.KnownStrategies)}");
            }
            if (names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            {
                // Each strategy's processes keep their state under the work directory by name: a second run would inherit the first's.
                throw new BadInputException("--strategies", $"'{repeated.Key}' is listed twice: name each strategy once");
            }
            double factor = parseResult.GetValue(burst);
            if (!(factor >= 1 && factor <= 100))
            {
                throw new BadInputException("--burst-factor", $"{factor} is out of range: use 1 (no burst) to 100");
            }
            if (minutes * 60 is < 6 or > 3600)
            {
                throw new BadInputException("--duration", "use 6 s to 1 h per strategy");
            }
            int count = parseResult.GetValue(siteCount);
            if (count < DemoSites.MinSites || count > DemoSites.Ids.Length)
            {
                throw new BadInputException("--sites", $"{count} is out of range: use {DemoSites.MinSites} to {DemoSites.Ids.Length}");
            }
            string? plotPath = parseResult.GetValue(plot);
            if (plotPath is not null && !LatencyCdfPlot.IsSupportedPath(plotPath, out string? plotError))
            {
                throw new BadInputException("--plot", plotError ?? "write FILE.png or FILE.svg");
            }
            var options = new DemoOptions(names, minutes * 60, scale, factor, parseResult.GetValue(seed), count);
            DemoReport? report = RunUntilStopped(new DemoRun(context, options, parseResult.GetValue(keep)).RunAsync, cancel);
            if (report is null)
            {
                context.Error.WriteLine("demo: stopped; every process it started has ended");
                return ExitCodes.Failed;
            }
            if (plotPath is not null)
            {
                LatencyCdfPlot.Write(plotPath, DemoPlot.Classes(report));
            }
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.WriteJson(report);
            }
            else
            {
                DemoTable.Write(context.Out, report);
                if (plotPath is not null)
                {
                    context.Out.WriteLine($"latency CDFs written to {plotPath}");
                }
            }
            return ExitCodes.Ok;
        })));
        return command;
    }

    /// <summary>
    /// Runs a federation run (the demo, a chaos scenario) until it ends or Ctrl-C / SIGTERM asks it to stop (then null,
    /// after the run has stopped every process it started and removed its temporary folder). The run handles the
    /// signals itself: left to the runtime, Ctrl-C ended the process at once, and only the children's parent watch
    /// cleaned up after it.
    /// </summary>
    internal static T? RunUntilStopped<T>(Func<CancellationToken, Task<T>> run, CancellationToken cancel)
        where T : class
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            return run(stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>japan.yaml, the demo's catalog and the sample trace, all from the repository.</summary>
    internal static Topology LoadJapan()
    {
        string path = SimInputs.FromRepo(SimInputs.DefaultTopology, "--topology");
        TopologyParseResult parsed = TopologyFile.Parse(CliContext.ReadInputFile("--topology", path), path);
        return parsed.Topology ?? throw new IOException($"{path} is not a valid topology: {string.Join("; ", parsed.Errors)}");
    }
}
