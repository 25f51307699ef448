using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bunsan.Cli.Commands.Control;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;
using Bunsan.Core.Topologies;
using Bunsan.Placement;
using Bunsan.Placement.Explain;

namespace Bunsan.Cli.Commands;

/// <summary>
/// `bunsan explain`: places one function for demand from one origin and shows, for every site of the
/// topology, whether placement kept it and, if not, which filter rejected it and why.
/// </summary>
public static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var topology = new Option<string?>("--topology") { Description = "Topology file (YAML or JSON), e.g. examples/topologies/japan.yaml; without it, the live federation is asked (--control)" };
        var functions = new Option<string?>("--functions") { Description = "Function catalog (YAML or JSON), e.g. examples/functions.yaml (with --topology)" };
        var function = new Option<string?>("--function") { Description = "Name of the function to place, from the catalog or the live federation" };
        var functionArgument = new Argument<string?>("FUNCTION") { Description = "The function (same as --function)", Arity = ArgumentArity.ZeroOrOne };
        var origin = new Option<string>("--origin") { Description = "Where the requests come from: LAT,LON in degrees, e.g. 43.06,141.35", Required = true };
        var command = new Command("explain",
            "Places one function for requests from one origin and lists every site: kept or not, the filter that " +
            "rejected it and why (with the numbers), the chosen replicas and their predicted RTT and deadline slack. " +
            "Uses the fitted latency model. With --topology and --functions, sites are assumed idle; without them the running " +
            "federation is asked (`bunsan up`), with health from heartbeats and each site's reported load.\n\n" +
            "Example:\n  bunsan explain --topology examples/topologies/japan.yaml --functions examples/functions.yaml --function collision-warning --origin 43.06,141.35\n" +
            "  bunsan explain --topology examples/topologies/japan.yaml --functions examples/functions.yaml --function collision-warning --origin 26.21,127.68 --json\n" +
            "  bunsan explain echo --origin 34.69,135.50          (the live federation)")
        {
            topology, functions, function, origin, functionArgument,
        };
        ControlConnection.AddTo(command);
        command.SetAction(parseResult => context.Run(() =>
        {
            if (!GeoPoint.TryParse(parseResult.GetValue(origin), out GeoPoint from, out string? originError))
            {
                throw new BadInputException("--origin", originError!);
            }
            string name = parseResult.GetValue(function) ?? parseResult.GetValue(functionArgument)
                ?? throw new BadInputException("--function", "no function named: give it as FUNCTION or --function NAME");
            string? topologyPath = parseResult.GetValue(topology);
            string? functionsPath = parseResult.GetValue(functions);
            Explanation explanation;
            if (topologyPath is null && functionsPath is null)
            {
                explanation = ExplainLive(parseResult, name, from);
            }
            else
            {
                explanation = ExplainFiles(
                    topologyPath ?? throw new BadInputException("--topology", "--functions was given without --topology: give both, or neither to ask the live federation"),
                    functionsPath ?? throw new BadInputException("--functions", "--topology was given without --functions: give both, or neither to ask the live federation"),
                    name, from);
            }
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.WriteJson(explanation);
            }
            else
            {
                WriteTable(context.Out, explanation);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Explanation ExplainLive(ParseResult parseResult, string name, GeoPoint from)
    {
        (Uri url, string token) = ControlConnection.Resolve(parseResult);
        using var client = new ControlClient(url, token);
        string path = string.Create(CultureInfo.InvariantCulture, $"v1/functions/{Uri.EscapeDataString(name)}/explain?origin={from.Latitude},{from.Longitude}");
        JsonElement answer = client.GetOrNull(path) ?? throw new BadInputException("FUNCTION", $"no function '{name}' is deployed: see `bunsan fn list`");
        return answer.Deserialize<Explanation>(CliContext.JsonOptions)!;
    }

    private static Explanation ExplainFiles(string topologyPath, string functionsPath, string name, GeoPoint from)
    {
        var topologyResult = TopologyFile.Parse(CliContext.ReadInputFile("--topology", topologyPath), topologyPath);
        if (!topologyResult.Succeeded)
        {
            throw new BadInputException("--topology", Errors(topologyPath, topologyResult.Errors));
        }
        var catalog = FunctionCatalogFile.Parse(CliContext.ReadInputFile("--functions", functionsPath), functionsPath);
        if (!catalog.Succeeded)
        {
            throw new BadInputException("--functions", Errors(functionsPath, catalog.Errors));
        }
        var spec = catalog.Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
            ?? throw new BadInputException("--function",
                $"no function '{name}' in {functionsPath}: use one of {string.Join(", ", catalog.Functions.Select(f => f.Name))}");

        return Explain(topologyResult.Topology!, spec, from);
    }

    /// <summary>Runs the placement pipeline (every site explained) for one origin on idle sites.</summary>
    public static Explanation Explain(Topology topology, FunctionSpec function, GeoPoint origin) =>
        PlacementExplainer.Explain(new PlacementContext(topology, FittedLatencyModel.Default, []), function, origin,
            "demand is this one origin at 1 request/s; sites are assumed idle (no queueing); RTTs come from the fitted latency model");

    /// <summary>The people-facing rendering: a summary, the replicas, then every site (chosen, kept, rejected).</summary>
    internal static void WriteTable(TextWriter output, Explanation e)
    {
        var inv = CultureInfo.InvariantCulture;
        string budget = e.BudgetMs is { } b ? string.Create(inv, $"{b:0.###} ms budget") : "no deadline";
        output.WriteLine(string.Create(inv, $"{e.Function} ({e.Class}, {budget}, p99 {e.P99Ms:0.###} ms) for requests from {e.Origin.Lat:0.####},{e.Origin.Lon:0.####} on {e.Topology}"));
        output.WriteLine(string.Create(inv, $"{e.Sites.Count} sites: {e.KeptCount} kept, {e.Sites.Count - e.KeptCount} not; {e.Replicas.Count} replica(s) chosen"));
        if (e.Unserved)
        {
            output.WriteLine("No site can answer this origin within the budget.");
        }
        output.WriteLine();
        output.WriteLine("Replicas            RTT ms   RTT+p99 ms   slack ms");
        foreach (var r in e.Replicas)
        {
            string slack = r.SlackMs is { } s ? s.ToString("0.0", inv) : "-";
            output.WriteLine(string.Create(inv, $"  {r.SiteId,-18} {r.RttMs,6:0.0}   {r.TotalMs,10:0.0}   {slack,8}"));
        }
        output.WriteLine();
        int idWidth = Math.Max(4, e.Sites.Count == 0 ? 4 : e.Sites.Max(s => s.SiteId.Length));
        output.WriteLine($"{"SITE".PadRight(idWidth)}  KEPT  STAGE         RTT ms   SCORE  REASON");
        foreach (var s in e.Sites.OrderByDescending(s => s.Chosen).ThenByDescending(s => s.Kept).ThenBy(s => s.RttMs))
        {
            string kept = s.Chosen ? "yes*" : s.Kept ? "yes" : "no";
            output.WriteLine(string.Create(inv, $"{s.SiteId.PadRight(idWidth)}  {kept,-4}  {s.Stage,-12}  {s.RttMs,6:0.0}  {s.Score,6:0.00}  {s.Reason}"));
        }
        output.WriteLine();
        output.WriteLine("* chosen as a replica. Note: " + e.Note + ".");
    }

    private static string Errors(string path, IReadOnlyCollection<string> errors) =>
        string.Create(CultureInfo.InvariantCulture, $"{path} is not valid ({errors.Count} problem(s)); fix these and retry:\n  ") +
        string.Join("\n  ", errors);
}
