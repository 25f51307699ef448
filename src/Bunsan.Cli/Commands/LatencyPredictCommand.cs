using System.CommandLine;
using System.Globalization;
using Bunsan.Core.Geo;
using Bunsan.Core.Latency;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan latency predict`: RTT from the shipped fit, for one pair or a file of pairs.</summary>
public static class LatencyPredictCommand
{
    public static Command Create(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "Origin as LAT,LON in degrees, e.g. 35.68,139.77" };
        var to = new Option<string>("--to") { Description = "Destination as LAT,LON in degrees, e.g. 34.69,135.50" };
        var pairs = new Option<string>("--pairs") { Description = "Headerless CSV of from_lat,from_lon,to_lat,to_lon lines; prints one RTT per line, in order" };
        var command = new Command("predict",
            "Prints the predicted round-trip time in ms (a bare number) from FittedLatencyModel.Default.\n\n" +
            "Example:\n  bunsan latency predict --from 35.68,139.77 --to 34.69,135.50\n" +
            "  bunsan latency predict --from 35.68,139.77 --to 43.06,141.35 --json\n" +
            "  bunsan latency predict --pairs pairs.csv")
        {
            from, to, pairs,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            string? fromText = parseResult.GetValue(from);
            string? toText = parseResult.GetValue(to);
            string? pairsPath = parseResult.GetValue(pairs);
            bool json = parseResult.GetValue(CliContext.JsonOption);
            if (pairsPath is not null)
            {
                if (fromText is not null || toText is not null)
                {
                    throw new BadInputException("--pairs", "--pairs cannot be combined with --from/--to: pass either a file of pairs or one pair");
                }
                var predictions = ReadPairs(CliContext.ReadInputFile("--pairs", pairsPath)).Select(Predict).ToList();
                if (json)
                {
                    context.WriteJson(predictions);
                }
                else
                {
                    predictions.ForEach(p => context.Out.WriteLine(Format(p.RttMs)));
                }
                return ExitCodes.Ok;
            }
            GeoPoint origin = ParsePoint("--from", fromText);
            GeoPoint destination = ParsePoint("--to", toText);
            Prediction prediction = Predict((origin, destination));
            if (json)
            {
                context.WriteJson(prediction);
            }
            else
            {
                context.Out.WriteLine(Format(prediction.RttMs));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private sealed record Prediction(double DistanceKm, double RttMs, double PhysicalBoundMs);

    private static Prediction Predict((GeoPoint From, GeoPoint To) pair) => new(
        pair.From.DistanceKmTo(pair.To),
        FittedLatencyModel.Default.RttMs(pair.From, pair.To),
        PhysicalBoundLatencyModel.Instance.RttMs(pair.From, pair.To));

    private static string Format(double ms) => ms.ToString("0.###", CultureInfo.InvariantCulture);

    private static GeoPoint ParsePoint(string option, string? text)
    {
        if (text is null)
        {
            throw new BadInputException(option, "missing: pass --from LAT,LON --to LAT,LON, or --pairs FILE");
        }
        return GeoPoint.TryParse(text, out GeoPoint point, out string? error) ? point : throw new BadInputException(option, error!);
    }

    /// <summary>Every line must be a pair: a skipped line would shift every later answer against its question.</summary>
    private static List<(GeoPoint, GeoPoint)> ReadPairs(string text)
    {
        var result = new List<(GeoPoint, GeoPoint)>();
        string[] lines = text.Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length; // a final newline ends the last line
        for (int i = 0; i < count; i++)
        {
            string[] cells = lines[i].TrimEnd('\r').Split(',');
            if (cells.Length != 4)
            {
                throw new BadInputException("--pairs", $"line {i + 1} has {cells.Length} field(s): write from_lat,from_lon,to_lat,to_lon on every line, e.g. 35.68,139.77,34.69,135.50");
            }
            if (!GeoPoint.TryParse($"{cells[0]},{cells[1]}", out GeoPoint origin, out string? error) ||
                !GeoPoint.TryParse($"{cells[2]},{cells[3]}", out GeoPoint destination, out error))
            {
                throw new BadInputException("--pairs", $"line {i + 1}: {error}");
            }
            result.Add((origin, destination));
        }
        return result;
    }
}
