using System.CommandLine;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan latency` (being written).</summary>
public static class LatencyCommands
{
    public static Command Create(CliContext context)
    {
        _ = context;
        return new Command("latency", "(being written)");
    }
}
