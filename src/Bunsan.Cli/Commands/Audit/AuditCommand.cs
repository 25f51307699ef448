using System.CommandLine;

namespace Bunsan.Cli.Commands;

/// <summary>
/// `bunsan audit ...`: the online verbs (checkpoint, entries, verify) against a control plane's ledger, and
/// offline verifiers that work on any RFC 6962 log and any C2SP signed note. Exit 0 valid, 1 invalid (with the reason), 2 malformed arguments (naming the option).
/// </summary>
public static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("audit",
            "Checks the transparency ledger: online against a control plane (checkpoint, entries, verify), and offline: " +
            "inclusion and consistency proofs of any RFC 6962 log, and signed checkpoints (C2SP signed notes). " +
            "Exit 0 valid, 1 invalid (the reason is printed), 2 malformed input.\n\n" +
            "Examples:\n  bunsan audit verify --key bunsan/0123456789abcdef+1a2b3c4d+AQ...\n  bunsan audit verify-note --key bunsan.example/ledger+1a2b3c4d+AQ... --note checkpoint.txt\n" +
            "  bunsan audit verify-inclusion --leaf-hash 6e34...a01d --index 0 --size 8 --root 5dc9...4328 --proof 96a2...,5f08...,6b47...");
        command.Subcommands.Add(AuditCheckpointCommand.Create(context));
        command.Subcommands.Add(AuditEntriesCommand.Create(context));
        command.Subcommands.Add(AuditVerifyCommand.Create(context));
        command.Subcommands.Add(AuditVerifyInclusionCommand.Create(context));
        command.Subcommands.Add(AuditVerifyConsistencyCommand.Create(context));
        command.Subcommands.Add(AuditVerifyNoteCommand.Create(context));
        return command;
    }
}
