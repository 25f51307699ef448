using System.CommandLine;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan explain` (being written).</summary>
public static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        _ = context;
        return new Command("explain", "(being written)");
    }
}
