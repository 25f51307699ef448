using System.CommandLine;
using Bunsan.Cli.Commands;
using Bunsan.Cli.Commands.Chaos;
using Bunsan.Cli.Commands.Control;
using Bunsan.Cli.Commands.Data;
using Bunsan.Cli.Commands.Demo;

namespace Bunsan.Cli;

/// <summary>The `bunsan` command line: builds the verb tree and maps outcomes to exit codes 0/1/2.</summary>
public static class BunsanCli
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error);
        var root = new RootCommand(
            "Bunsan (分散): many scattered compute sites as one computer, placed by deadline, residency and energy.\n\n" +
            "Examples:\n  bunsan sim --topology examples/topologies/japan.yaml --functions examples/functions.yaml --azure-functions-trace trace.csv\n" +
            "  bunsan spatial encode --lat 35.6812 --lon 139.7671 --zoom 20");
        root.Options.Add(CliContext.JsonOption);
        root.Subcommands.Add(SpatialCommands.Create(context));
        root.Subcommands.Add(LatencyCommands.Create(context));
        root.Subcommands.Add(ExplainCommand.Create(context));
        root.Subcommands.Add(SimCommand.Create(context));
        root.Subcommands.Add(AgentCommand.Create(context));
        root.Subcommands.Add(InvokeCommand.Create(context));
        root.Subcommands.Add(LoadgenCommand.Create(context));
        root.Subcommands.Add(UpCommand.Create(context));
        root.Subcommands.Add(CaCommand.Create(context));
        root.Subcommands.Add(SitesCommand.Create(context));
        root.Subcommands.Add(FnCommands.Create(context));
        root.Subcommands.Add(JobCommands.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(ChaosCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(TokenCommand.Create(context));
        root.Subcommands.Add(DatasetCommands.Create(context));
        root.Subcommands.Add(PolicyCommands.Create(context));
        root.Subcommands.Add(QueryCommand.Create(context));

        // No response files: `bunsan invoke --data @FILE` means the file's bytes, as in curl, not more arguments.
        ParseResult parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }
            error.WriteLine("Run with --help for usage and examples.");
            return ExitCodes.BadInput;
        }
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}
