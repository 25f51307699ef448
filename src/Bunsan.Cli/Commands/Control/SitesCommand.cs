using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Bunsan.Cli.Commands.Control;

/// <summary>`bunsan sites`: the federation's sites, their health and last reported load.</summary>
public static class SitesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("sites", "Lists the registered sites: tier, place, health from heartbeats, last load");
        ControlConnection.AddTo(command);
        command.SetAction(parseResult => context.Run(() =>
        {
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            JsonElement sites = client.Get("v1/sites");
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(sites, CliContext.JsonOptions));
                return ExitCodes.Ok;
            }
            var inv = CultureInfo.InvariantCulture;
            context.Out.WriteLine($"{"SITE",-22} {"TIER",-9} {"JUR",-4} {"LAT,LON",-17} {"CORES",5}  {"HEALTH",-9} {"LOAD",5}  ENDPOINT");
            foreach (JsonElement s in sites.EnumerateArray())
            {
                string place = string.Create(inv, $"{s.GetProperty("lat").GetDouble():0.00},{s.GetProperty("lon").GetDouble():0.00}");
                string load = s.GetProperty("utilisation").ValueKind == JsonValueKind.Number
                    ? string.Create(inv, $"{s.GetProperty("utilisation").GetDouble():P0}")
                    : "-";
                string endpoint = s.GetProperty("endpoint").GetString() ?? "-";
                context.Out.WriteLine(string.Create(inv,
                    $"{s.GetProperty("id").GetString(),-22} {s.GetProperty("tier").GetString(),-9} {s.GetProperty("jurisdiction").GetString(),-4} {place,-17} {s.GetProperty("cores").GetInt32(),5}  {s.GetProperty("health").GetString(),-9} {load,5}  {endpoint}"));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
