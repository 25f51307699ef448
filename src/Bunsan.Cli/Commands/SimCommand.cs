using System.CommandLine;
using Bunsan.Placement.Pipeline;
using Bunsan.Simulation.Engine;
using Bunsan.Simulation.Reporting;
using Bunsan.Simulation.Strategies;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan sim`: replays a trace on a topology under every strategy and compares deadline hits, latency, energy and traffic.</summary>
public static class SimCommand
{
    private static readonly Option<string> TopologyOption = new("--topology") { Description = $"Topology file (YAML or JSON); default {SimInputs.DefaultTopology}" };
    private static readonly Option<int?> SitesOption = new("--sites") { Description = "Use a synthetic topology of N sites instead of --topology (seeded by --seed)" };
    private static readonly Option<string> FunctionsOption = new("--functions") { Description = $"Function catalog file; default {SimInputs.DefaultFunctions}" };
    private static readonly Option<string> TraceOption = new("--azure-functions-trace") { Description = $"Azure Functions 2019 per-minute invocations CSV; default {SimInputs.DefaultTrace}" };
    private static readonly Option<string> RuntimesOption = new("--azure-functions-runtimes") { Description = "Its execution-time percentiles CSV; default: the sibling _run.csv when it exists" };
    private static readonly Option<string> ArrivalsOption = new("--arrivals") { Description = "A CSV with an ISO-8601 TIMESTAMP column, one arrival per row (instead of --azure-functions-trace)" };
    private static readonly Option<string> StrategiesOption = new("--strategies") { Description = "Comma-separated strategies to compare", DefaultValueFactory = _ => string.Join(',', StrategyNames.All) };
    private static readonly Option<int> SeedOption = new("--seed") { Description = "Seed of every random draw: same seed, same report", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> DurationOption = new("--duration") { Description = "Trace window to replay, e.g. 90s, 10m, 1h", DefaultValueFactory = _ => "10m" };
    private static readonly Option<double> StartMinuteOption = new("--start-minute") { Description = "Where in the trace the window starts (minutes from minute_1)", DefaultValueFactory = _ => 0 };
    private static readonly Option<double> RateScaleOption = new("--rate-scale") { Description = "Multiplies every trace rate: the load intensity", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> ClassRateScaleOption = new("--class-rate-scale") { Description = "Extra rate factor per latency class, on top of --rate-scale, e.g. realtime=1000,immersive=100" };
    private static readonly Option<string> PlotOption = new("--plot") { Description = "Write latency CDFs per class (FILE.png or FILE.svg)" };

    public static Command Create(CliContext context)
    {
        var command = new Command("sim",
            "Simulate a topology serving a trace under bunsan and baseline strategies (cloud-only, nearest, least-loaded, random), " +
            "all on the same arrivals, and compare deadline hits, latency, energy and network traffic per latency class.\n\n" +
            "Examples:\n  bunsan sim\n" +
            "  bunsan sim --topology examples/topologies/japan.yaml --functions examples/functions.yaml --azure-functions-trace trace_inv.csv --duration 10m --json\n" +
            "  bunsan sim --sites 10000 --strategies bunsan,nearest --rate-scale 50 --plot cdf.png");
        foreach (Option option in (Option[])[TopologyOption, SitesOption, FunctionsOption, TraceOption, RuntimesOption, ArrivalsOption,
                     StrategiesOption, SeedOption, DurationOption, StartMinuteOption, RateScaleOption, ClassRateScaleOption, PlotOption])
        {
            command.Options.Add(option);
        }
        command.SetAction(parseResult => context.Run(() => Execute(context, parseResult)));
        return command;
    }

    private static int Execute(CliContext context, ParseResult p)
    {
        SimArguments args = ReadArguments(p);
        IReadOnlyList<string> strategies = ParseStrategies(p.GetValue(StrategiesOption));
        string? plot = p.GetValue(PlotOption);
        if (plot is not null && !LatencyCdfPlot.IsSupportedPath(plot, out string? plotError))
        {
            throw new BadInputException("--plot", plotError ?? "write FILE.png or FILE.svg");
        }

        SimulationScenario scenario = SimInputs.Load(args);
        Action<string, double>? progress = context.ErrorIsTerminal
            ? (name, fraction) => context.Error.Write(FormattableString.Invariant($"\r{name}: {fraction:P0}   "))
            : null;
        SimulationRun run = SimulationRunner.Run(scenario, strategies, new PlacementPipeline(), progress);
        if (progress is not null)
        {
            context.Error.Write("\r                              \r");
        }
        if (plot is not null)
        {
            LatencyCdfPlot.Write(plot, run.PlotData);
        }
        if (p.GetValue(CliContext.JsonOption))
        {
            context.WriteJson(run.Report);
        }
        else
        {
            SimTable.Write(context.Out, run.Report, args);
            if (plot is not null)
            {
                context.Out.WriteLine($"latency CDFs written to {plot}");
            }
        }
        return ExitCodes.Ok;
    }

    private static SimArguments ReadArguments(ParseResult p)
    {
        string? trace = p.GetValue(TraceOption);
        string? arrivals = p.GetValue(ArrivalsOption);
        if (trace is not null && arrivals is not null)
        {
            throw new BadInputException("--arrivals", "give either --azure-functions-trace or --arrivals, not both");
        }
        int? sites = p.GetValue(SitesOption);
        if (sites is < 1 or > 1_000_000)
        {
            throw new BadInputException("--sites", $"{sites} sites is out of range: use 1 to 1000000");
        }
        var (minutes, start, scale) = SimInputs.Window(p.GetValue(DurationOption), p.GetValue(StartMinuteOption), p.GetValue(RateScaleOption));
        return new SimArguments(p.GetValue(TopologyOption), sites, p.GetValue(FunctionsOption), trace, p.GetValue(RuntimesOption), arrivals,
            start, minutes, scale, ParseClassRateScale(p.GetValue(ClassRateScaleOption)), p.GetValue(SeedOption));
    }

    internal static Dictionary<string, double> ParseClassRateScale(string? text)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string pair in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0
                || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double k)
                || !double.IsFinite(k) || k <= 0 || k > 100_000)
            {
                throw new BadInputException("--class-rate-scale", $"'{pair}' is not CLASS=FACTOR: write e.g. realtime=1000 (a factor above 0 and at most 100000), comma-separated");
            }
            result[parts[0].ToLowerInvariant()] = k;
        }
        return result;
    }

    internal static IReadOnlyList<string> ParseStrategies(string? text)
    {
        var names = new List<string>();
        foreach (string raw in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string name = raw.ToLowerInvariant();
            if (!StrategyNames.All.Contains(name))
            {
                throw new BadInputException("--strategies", $"unknown strategy '{raw}': use a comma-separated list of {string.Join(", ", StrategyNames.All)}");
            }
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }
        if (names.Count == 0)
        {
            throw new BadInputException("--strategies", $"no strategy given: use a comma-separated list of {string.Join(", ", StrategyNames.All)}");
        }
        return names;
    }
}
