using System.CommandLine;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan sim` (being written).</summary>
public static class SimCommand
{
    public static Command Create(CliContext context)
    {
        _ = context;
        return new Command("sim", "(being written)");
    }
}
