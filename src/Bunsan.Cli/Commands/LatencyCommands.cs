using System.CommandLine;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan latency fit|predict`: the RTT model fitted on real pings.</summary>
public static class LatencyCommands
{
    public static Command Create(CliContext context)
    {
        var command = new Command("latency",
            "Round-trip time between places: fit the model on real pings, or predict with the shipped fit.\n\n" +
            "Examples:\n  bunsan latency predict --from 35.68,139.77 --to 34.69,135.50\n" +
            "  bunsan latency fit --pings pings.csv --servers servers.csv");
        command.Subcommands.Add(LatencyFitCommand.Create(context));
        command.Subcommands.Add(LatencyPredictCommand.Create(context));
        return command;
    }
}
