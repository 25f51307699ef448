using System.CommandLine;
using System.Globalization;
using Bunsan.Ledger.Notes;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan audit verify-note`: a C2SP signed note (a checkpoint, typically) against the verifier keys given.</summary>
public static class AuditVerifyNoteCommand
{
    /// <summary>Checkpoints are a few hundred bytes; a note file this large is not one.</summary>
    private const int MaxNoteBytes = 1 << 20;

    public static Command Create(CliContext context)
    {
        var keys = new Option<string[]>("--key")
        {
            Description = "Verifier key NAME+KEYID+BASE64 (repeat for witnesses); signatures by other keys are ignored",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var noteFile = new Option<string>("--note") { Description = "File holding the signed note, e.g. a checkpoint saved from GET /v1/ledger/checkpoint", Required = true };
        var command = new Command("verify-note",
            "Checks a signed note (C2SP signed-note, Ed25519): at least one given key must have signed it, and every " +
            "signature by a given key must verify. A checkpoint's origin, size and root are printed. " +
            "Exit 0 valid, 1 invalid or malformed note (reason printed), 2 malformed key or unreadable file.\n\n" +
            "Example:\n  bunsan audit verify-note --key bunsan.example/ledger+1a2b3c4d+AQ... --note checkpoint.txt")
        {
            keys, noteFile,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            var verifiers = parseResult.GetValue(keys)!.Select(ParseKey).ToList();
            byte[] note = ReadNote(parseResult.GetValue(noteFile)!);
            var opened = SignedNote.Open(note, verifiers);
            NoteReport report = Report(opened);
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.WriteJson(report);
            }
            else
            {
                context.Out.WriteLine($"{(report.Valid ? "valid" : "invalid")}: {report.Message}");
                if (report.Checkpoint is { } c)
                {
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checkpoint: origin {c.Origin}, size {c.Size}, root {c.RootHex}"));
                }
            }
            return report.Valid ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private static NoteReport Report(NoteVerification opened)
    {
        if (!opened.Valid)
        {
            return new NoteReport(false, opened.Reason!, [], [], null);
        }
        var signers = opened.VerifiedBy.Select(k => k.Name + "+" + k.KeyId.ToString("x8", CultureInfo.InvariantCulture)).ToList();
        var ignored = opened.Unverified.Select(s => s.Name + "+" + s.KeyId.ToString("x8", CultureInfo.InvariantCulture)).ToList();
        CheckpointReport? checkpoint = Checkpoint.TryParse(opened.Text, out var parsed, out _)
            ? new CheckpointReport(parsed!.Origin, parsed.Size, Convert.ToHexStringLower(parsed.RootHash))
            : null;
        string message = $"signed by {string.Join(", ", signers)}" + (ignored.Count == 0 ? "" : $"; ignored signatures by unknown keys {string.Join(", ", ignored)}");
        return new NoteReport(true, message, signers, ignored, checkpoint);
    }

    private static NoteVerifierKey ParseKey(string text) =>
        NoteVerifierKey.TryParse(text, out var key, out string? error)
            ? key!
            : throw new BadInputException("--key", $"'{AuditInputs.Shorten(text)}' is not a verifier key: {error}");

    private static byte[] ReadNote(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new BadInputException("--note", $"file '{AuditInputs.Shorten(path)}' does not exist: pass the path of a saved signed note");
        }
        if (file.Length > MaxNoteBytes)
        {
            throw new BadInputException("--note", $"file '{AuditInputs.Shorten(path)}' is {file.Length} bytes; a signed note is at most {MaxNoteBytes}");
        }
        return File.ReadAllBytes(path);
    }
}

/// <summary>The checkpoint inside a verified note.</summary>
public sealed record CheckpointReport(string Origin, ulong Size, string RootHex);

/// <summary>What `bunsan audit verify-note --json` prints.</summary>
public sealed record NoteReport(bool Valid, string Message, IReadOnlyList<string> SignedBy, IReadOnlyList<string> IgnoredSignatures, CheckpointReport? Checkpoint);
