using System.CommandLine;
using System.Globalization;
using Bunsan.Core.Latency;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan latency fit`: fits the RTT model on a ping dataset and scores it on held-out pairs.</summary>
public static class LatencyFitCommand
{
    /// <summary>Pairs printed for comparison when the server file names them: Japan's measured inter-city paths.</summary>
    private static readonly (string A, string B)[] ReferencePairs = [("Tokyo", "Osaka"), ("Tokyo", "Sapporo"), ("Osaka", "Sapporo")];

    public static Command Create(CliContext context)
    {
        var pings = new Option<string>("--pings") { Description = "Ping CSV with columns source,destination,min,avg (WonderNetwork grouped format)", Required = true };
        var servers = new Option<string>("--servers") { Description = "Server CSV with columns id,name,country,latitude,longitude", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the 20% hold-out split (default 42)", DefaultValueFactory = _ => 42 };
        var quantile = new Option<double>("--quantile") { Description = "Quantile of measured RTT to fit, in (0, 1) (default 0.15: well-connected paths; 0.5: median)", DefaultValueFactory = _ => 0.15 };
        var command = new Command("fit",
            "Fits RTT(distance) on measured pings (piecewise-linear, quantile regression) and prints its parameters and\n" +
            "its error on a seeded 20% of server pairs held out of the fit, next to the physical bound's.\n\n" +
            "Example:\n  bunsan latency fit --pings ../shared/data/latency/wondernetwork_2020/pings-2020-07-19-2020-07-20-grouped.csv \\\n" +
            "    --servers ../shared/data/latency/wondernetwork_2020/servers-2020-07-19.csv --seed 42")
        {
            pings, servers, seed, quantile,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            string serverText = CliContext.ReadInputFile("--servers", parseResult.GetValue(servers)!);
            string pingText = CliContext.ReadInputFile("--pings", parseResult.GetValue(pings)!);
            if (!PingCsvReader.TryReadServers(new StringReader(serverText), out IReadOnlyDictionary<int, PingServer> serverList, out string? error))
            {
                throw new BadInputException("--servers", error!);
            }
            if (!PingCsvReader.TryReadPings(new StringReader(pingText), serverList, out PingTable table, out error))
            {
                throw new BadInputException("--pings", error!);
            }
            var options = new LatencyFitOptions { Seed = parseResult.GetValue(seed), Quantile = parseResult.GetValue(quantile) };
            if (options.Validate() is { } invalid)
            {
                throw new BadInputException("--quantile", invalid);
            }
            if (!LatencyFit.TryFit(table.Pairs, options, out LatencyFitResult fit, out error))
            {
                throw new BadInputException("--pings", error!);
            }
            var report = new FitReport(fit, table.RowsRead, table.RowsWithUnknownServer, table.UnknownServerIds, References(table, serverList, fit));
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.WriteJson(report);
            }
            else
            {
                Print(context.Out, report, options.Seed);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private sealed record ReferencePair(string From, string To, double DistanceKm, double MeasuredMs, double ModelMs, double PhysicalBoundMs);

    private sealed record FitReport(LatencyFitResult Fit, int RowsRead, int RowsWithUnknownServer, IReadOnlyList<int> UnknownServerIds, IReadOnlyList<ReferencePair> ReferencePairs);

    private static List<ReferencePair> References(PingTable table, IReadOnlyDictionary<int, PingServer> servers, LatencyFitResult fit)
    {
        var model = new FittedLatencyModel(fit.Parameters);
        var list = new List<ReferencePair>();
        foreach ((string a, string b) in ReferencePairs)
        {
            PingServer? from = servers.Values.FirstOrDefault(s => s.Name == a);
            PingServer? to = servers.Values.FirstOrDefault(s => s.Name == b);
            if (from is not null && to is not null && LatencyFit.MeasuredRttMs(table.Pairs, from.Id, to.Id) is double measured)
            {
                list.Add(new ReferencePair(a, b, from.Location.DistanceKmTo(to.Location), measured,
                    model.RttMs(from.Location, to.Location), PhysicalBoundLatencyModel.Instance.RttMs(from.Location, to.Location)));
            }
        }
        return list;
    }

    private static void Print(TextWriter o, FitReport r, int seed)
    {
        LatencyFitResult f = r.Fit;
        PiecewiseLatencyParameters p = f.Parameters;
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(c, $"Read {r.RowsRead} ping rows; skipped {r.RowsWithUnknownServer} naming servers absent from the server list ({string.Join(", ", r.UnknownServerIds)}); ignored {f.SelfPingsIgnored} self-pings."));
        o.WriteLine(string.Create(c, $"{f.UnorderedPairs} server pairs: {f.TrainingPairs} fitted, {f.HeldOutPairs} held out (seed {seed})."));
        o.WriteLine(string.Create(c, $"Model: quantile {p.Quantile} of avg RTT; {p.OverheadMs:0.####} ms at 0 km, then per km:"));
        for (int i = 0; i < p.BreakpointsKm.Length; i++)
        {
            o.WriteLine(string.Create(c, $"  from {p.BreakpointsKm[i],6:0} km  {p.SlopesMsPerKm[i]:0.######} ms/km  ({p.SlopesMsPerKm[i] / (2 * PhysicalBoundLatencyModel.OneWayMsPerKm):0.00}× light in fibre)"));
        }
        o.WriteLine("Held-out |error| (ms)      model median   p90 | physical bound median   p90 | pairs");
        Row(o, "all pairs", f.Model.All, f.PhysicalBound.All);
        Row(o, "under 3,000 km", f.Model.Under3000Km, f.PhysicalBound.Under3000Km);
        Row(o, "under 1,000 km", f.Model.Under1000Km, f.PhysicalBound.Under1000Km);
        foreach (ReferencePair x in r.ReferencePairs)
        {
            o.WriteLine(string.Create(c, $"{x.From}–{x.To} ({x.DistanceKm:0} km): measured {x.MeasuredMs:0.00} ms, model {x.ModelMs:0.00} ms, physical bound {x.PhysicalBoundMs:0.00} ms"));
        }
    }

    private static void Row(TextWriter o, string label, ErrorStats model, ErrorStats bound) =>
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {label,-22} {model.MedianAbsMs,12:0.00} {model.P90AbsMs,6:0.00} | {bound.MedianAbsMs,21:0.00} {bound.P90AbsMs,6:0.00} | {model.Pairs}"));
}
