using System.CommandLine;
using Bunsan.Cli.Commands.Control;
using Bunsan.Ledger.Notes;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan audit checkpoint`: the control plane's latest signed checkpoint, verbatim (to save, or to check with verify-note).</summary>
public static class AuditCheckpointCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("checkpoint",
            "Prints the ledger's latest signed checkpoint verbatim (origin, size, root, signature), unverified: save it and " +
            "check it with `audit verify-note --key`, or let `audit verify` do both.\n\n" +
            "Example:\n  bunsan audit checkpoint > checkpoint.txt");
        ControlConnection.AddTo(command);
        command.SetAction(parseResult => context.Run(() =>
        {
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new LedgerClient(url, token);
            (string note, Checkpoint checkpoint) = client.UnverifiedCheckpoint();
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.WriteJson(new CheckpointView(checkpoint.Origin, checkpoint.Size, Convert.ToHexStringLower(checkpoint.RootHash), note));
            }
            else
            {
                context.Out.Write(note);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}

/// <summary>What `bunsan audit checkpoint --json` prints: the parsed checkpoint (not yet verified) and the note itself.</summary>
public sealed record CheckpointView(string Origin, ulong Size, string RootHex, string Note);
