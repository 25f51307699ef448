using Bunsan.Ledger.Merkle;

namespace Bunsan.Cli.Commands;

/// <summary>How the audit verbs report: one line for people, one JSON object for machines, and the exit code.</summary>
internal static class AuditOutput
{
    public static int Report(CliContext context, bool json, ProofResult result, string validMessage)
    {
        if (json)
        {
            context.WriteJson(new AuditVerdict(result.Valid, result.Valid ? validMessage : result.Reason!));
        }
        else if (result.Valid)
        {
            context.Out.WriteLine($"valid: {validMessage}");
        }
        else
        {
            context.Out.WriteLine($"invalid: {result.Reason}");
        }
        return result.Valid ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

/// <summary>What `bunsan audit verify-* --json` prints.</summary>
public sealed record AuditVerdict(bool Valid, string Message);
