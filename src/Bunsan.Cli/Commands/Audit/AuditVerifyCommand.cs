using System.CommandLine;
using Bunsan.Cli.Commands.Control;
using Bunsan.Ledger.Notes;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan audit verify`: the online check of a control plane's ledger against its verifier key and this client's memory.</summary>
public static class AuditVerifyCommand
{
    public static Command Create(CliContext context)
    {
        var key = new Option<string>("--key") { Description = "The log's verifier key NAME+KEYID+BASE64 (from the operator, or GET /v1/ledger/key once)", Required = true };
        var state = new Option<string?>("--state") { Description = $"Where the last verified checkpoint is kept (default: the data directory's {AuditState.DefaultFileName}, ~/.bunsan unless BUNSAN_DATA)" };
        var indexes = new Option<string[]>("--index") { Description = "Prove these entries included (repeatable); default: every entry new since the last verify", AllowMultipleArgumentsPerToken = true };
        var command = new Command("verify",
            "Fetches the latest checkpoint, checks its signature with --key, proves it extends the checkpoint this client " +
            "verified last (kept in --state), and proves each entry asked for (default: every new entry) is included. " +
            "Saves the checkpoint only when all of that holds. Exit 0 valid, 1 invalid (reason printed), 2 bad input.\n\n" +
            "Example:\n  bunsan audit verify --key bunsan/0123456789abcdef+1a2b3c4d+AQ...")
        {
            key, state, indexes,
        };
        ControlConnection.AddTo(command);
        command.SetAction(parseResult => context.Run(() =>
        {
            NoteVerifierKey verifier = NoteVerifierKey.TryParse(parseResult.GetValue(key), out NoteVerifierKey? parsed, out string? error)
                ? parsed!
                : throw new BadInputException("--key", $"'{AuditInputs.Shorten(parseResult.GetValue(key))}' is not a verifier key: {error}");
            ulong[]? asked = parseResult.GetValue(indexes) is { Length: > 0 } given ? [.. given.Select(i => AuditInputs.Number("--index", i))] : null;
            string statePath = parseResult.GetValue(state) ?? Path.Combine(ControlConnection.DefaultDataDirectory, AuditState.DefaultFileName);
            Dictionary<string, SeenCheckpoint> seen = AuditState.Load(statePath);
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new LedgerClient(url, token);

            AuditOutcome outcome = LedgerAudit.Verify(client, verifier, seen.GetValueOrDefault(verifier.Name), asked);
            if (outcome.Checkpoint is { } trusted)
            {
                seen[trusted.Origin] = new SeenCheckpoint(trusted.Size, Convert.ToHexStringLower(trusted.RootHash), DateTimeOffset.UtcNow);
                AuditState.Save(statePath, seen);
            }
            return AuditOutput.Report(context, parseResult.GetValue(CliContext.JsonOption), outcome.Result, outcome.Message);
        }));
        return command;
    }
}
