using System.CommandLine;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan spatial` (being written).</summary>
public static class SpatialCommands
{
    public static Command Create(CliContext context)
    {
        _ = context;
        return new Command("spatial", "(being written)");
    }
}
