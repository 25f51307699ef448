using System.CommandLine;
using System.Globalization;
using Bunsan.Emulation.Load;
using Bunsan.Simulation.Engine;

namespace Bunsan.Cli.Commands;

/// <summary>
/// `bunsan loadgen`: sends the simulator's requests (same trace, functions, origins and seed as `bunsan sim`) as real
/// HTTP invocations to each origin's nearest agent, at their times, and reports hits and latency per class and site.
/// </summary>
public static class LoadgenCommand
{
    private static readonly Option<string> TopologyOption = new("--topology") { Description = "Topology file; the sites whose agents run give endpoint: http://HOST:PORT", Required = true };
    private static readonly Option<string> FunctionsOption = new("--functions") { Description = "Function catalog file (the one the agents run)", Required = true };
    private static readonly Option<string> TraceOption = new("--azure-functions-trace") { Description = "Azure Functions 2019 per-minute invocations CSV (its sibling _run.csv is read when present)" };
    private static readonly Option<string> ArrivalsOption = new("--arrivals") { Description = "A CSV with an ISO-8601 TIMESTAMP column, one arrival per row (instead of --azure-functions-trace)" };
    private static readonly Option<string> DurationOption = new("--duration") { Description = "How long to send, in real time: the trace window, e.g. 30s, 5m", Required = true };
    private static readonly Option<double> StartMinuteOption = new("--start-minute") { Description = "Where in the trace the window starts (minutes)", DefaultValueFactory = _ => 0 };
    private static readonly Option<double> RateScaleOption = new("--rate-scale") { Description = "Multiplies every trace rate", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> ClassRateScaleOption = new("--class-rate-scale") { Description = "Extra rate factor per latency class, e.g. realtime=100,control=10" };
    private static readonly Option<int> SeedOption = new("--seed") { Description = "Seed of every random draw: the same seed sends the same requests as bunsan sim", DefaultValueFactory = _ => 1 };
    private static readonly Option<bool> EmulateWanOption = new("--emulate-wan") { Description = "Delay each origin → gateway leg and its reply by the modelled one-way latency (emulated, on one machine)" };
    private static readonly Option<string?> DataOption = new("--data") { Description = "Body of every request. " + InvocationData.Description };
    private static readonly Option<int> MaxInFlightOption = new("--max-in-flight") { Description = "Most requests outstanding at once; arrivals over it are counted as client overloaded, not sent", DefaultValueFactory = _ => 4096 };

    public static Command Create(CliContext context)
    {
        var command = new Command("loadgen",
            "Drive real HTTP load: replay a trace's arrivals, from origins across Japan, through each origin's nearest agent " +
            "(POST /v1/invoke/FUNCTION with Bunsan-Deadline-Ms and Bunsan-Origin), open loop, and report hit %, rejections and " +
            "p50/p95/p99 latency per latency class and the answers per serving site. Latency is end to end, from the planned send time.\n\n" +
            "Examples:\n" +
            "  bunsan loadgen --topology fed.yaml --functions functions.yaml --azure-functions-trace trace_inv.csv --duration 1m\n" +
            "  bunsan loadgen --topology fed.yaml --functions functions.yaml --arrivals arrivals.csv --duration 30s --emulate-wan --json");
        foreach (Option option in (Option[])[TopologyOption, FunctionsOption, TraceOption, ArrivalsOption, DurationOption, StartMinuteOption,
                     RateScaleOption, ClassRateScaleOption, SeedOption, EmulateWanOption, DataOption, MaxInFlightOption])
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult => context.Run(() => Execute(context, parseResult)));
        return command;
    }

    private static int Execute(CliContext context, ParseResult p)
    {
        SimArguments args = ReadArguments(p);
        int maxInFlight = p.GetValue(MaxInFlightOption);
        if (maxInFlight is < 1 or > 1_000_000)
        {
            throw new BadInputException("--max-in-flight", $"{maxInFlight} is out of range: use 1 to 1000000");
        }
        SimulationScenario scenario = SimInputs.Load(args);
        if (!LoadPlan.TryCreate(scenario, out LoadPlan? plan, out string? planError))
        {
            throw new BadInputException("--topology", planError!);
        }
        if (plan!.Requests.Length == 0)
        {
            throw new BadInputException("--duration", $"the {args.DurationMinutes:0.##}-minute window holds no arrivals: lengthen --duration, move --start-minute or raise --rate-scale");
        }

        var options = new LoadGeneratorOptions { MaxInFlight = maxInFlight, EmulateWan = p.GetValue(EmulateWanOption), Body = InvocationData.Read(p.GetValue(DataOption)) };
        using HttpClient http = LoadGenerator.CreateHttpClient();
        LoadReport report = new LoadGenerator(http, options).RunAsync(plan, args.DurationMinutes).GetAwaiter().GetResult();
        if (p.GetValue(CliContext.JsonOption))
        {
            context.WriteJson(report);
        }
        else
        {
            WriteTable(context.Out, report, plan);
        }
        if (report.Classes.Sum(c => c.Hits + c.Late + c.Rejected) + report.Errors.Where(e => e.Error.StartsWith("http_", StringComparison.Ordinal)).Sum(e => e.Count) == 0)
        {
            context.Error.WriteLine($"error: no agent answered any request: start them (bunsan agent) at {string.Join(", ", plan.Gateways.Select(g => g.Endpoint))}");
            return ExitCodes.Failed;
        }
        return ExitCodes.Ok;
    }

    private static SimArguments ReadArguments(ParseResult p)
    {
        string? trace = p.GetValue(TraceOption);
        string? arrivals = p.GetValue(ArrivalsOption);
        if ((trace is null) == (arrivals is null))
        {
            throw new BadInputException("--azure-functions-trace", "give exactly one of --azure-functions-trace FILE or --arrivals FILE");
        }
        var (minutes, start, scale) = SimInputs.Window(p.GetValue(DurationOption), p.GetValue(StartMinuteOption), p.GetValue(RateScaleOption));
        return new SimArguments(p.GetValue(TopologyOption), SyntheticSites: null, p.GetValue(FunctionsOption), trace, AzureRuntimesPath: null, arrivals,
            start, minutes, scale, SimCommand.ParseClassRateScale(p.GetValue(ClassRateScaleOption)), p.GetValue(SeedOption));
    }

    private static void WriteTable(TextWriter o, LoadReport r, LoadPlan plan)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Format(inv, "bunsan loadgen: topology {0} ({1} agents), {2:N0} requests over {3:0.##} min (seed {4}); network: {5}",
            r.Topology, r.Gateways, r.Requests, r.DurationMinutes, r.Seed, r.EmulatedWan ? "emulated wide-area latency on the origin legs" : "loopback, no emulated latency"));
        o.WriteLine("hit = 2xx back at the origin within the class deadline; rejected = 503 (no site could make it); expired = budget spent before");
        o.WriteLine("reaching the gateway (origin leg, or this client sending late; not sent); overloaded = not sent, --max-in-flight were outstanding.");
        o.WriteLine("Latency percentiles: 2xx answers, end to end from the planned send time.");
        o.WriteLine();
        o.WriteLine(string.Format(inv, "{0,-18} {1,10} {2,8} {3,10} {4,8} {5,8} {6,8} {7,10} {8,9} {9,9} {10,9}",
            "class", "requests", "hit %", "rejected %", "late", "errors", "expired", "overloaded", "p50 ms", "p95 ms", "p99 ms"));
        foreach (LoadClassResult c in r.Classes.Where(c => c.Requests > 0))
        {
            string label = c.DeadlineMs is double d && !c.Class.EndsWith("ms", StringComparison.Ordinal) ? string.Create(inv, $"{c.Class} {d:0.###}ms") : c.Class;
            o.WriteLine(string.Format(inv, "{0,-18} {1,10:N0} {2,8:0.00} {3,10:0.00} {4,8:N0} {5,8:N0} {6,8:N0} {7,10:N0} {8,9} {9,9} {10,9}",
                label, c.Requests, c.HitPct, c.RejectedPct, c.Late, c.Errors, c.Expired, c.ClientOverloaded, Ms(c.P50Ms), Ms(c.P95Ms), Ms(c.P99Ms)));
        }
        o.WriteLine();
        o.WriteLine(string.Format(inv, "{0,-24} {1,10} {2,10}", "serving site", "answered", "hits"));
        foreach (LoadSiteResult s in r.Sites)
        {
            o.WriteLine(string.Format(inv, "{0,-24} {1,10:N0} {2,10:N0}", s.Site, s.Served, s.Hits));
        }
        if (!r.Errors.IsEmpty)
        {
            o.WriteLine();
            o.WriteLine("errors: " + string.Join(", ", r.Errors.Select(e => string.Create(inv, $"{e.Error} {e.Count:N0}"))) +
                $" (agents: {string.Join(", ", plan.Gateways.Select(g => g.Endpoint))})");
        }
    }

    private static string Ms(double? ms) => ms is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
