using System.CommandLine;
using Bunsan.Ledger.Merkle;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan audit verify-consistency`: RFC 9162 §2.1.4.2 — the newer tree extends the older one.</summary>
public static class AuditVerifyConsistencyCommand
{
    public static Command Create(CliContext context)
    {
        var size1 = new Option<string>("--size1") { Description = "Size of the older tree (at least 1)", Required = true };
        var size2 = new Option<string>("--size2") { Description = "Size of the newer tree", Required = true };
        var root1 = new Option<string>("--root1") { Description = "Root of the older tree, 64 hex digits (or base64)", Required = true };
        var root2 = new Option<string>("--root2") { Description = "Root of the newer tree, 64 hex digits (or base64)", Required = true };
        var proof = new Option<string>("--proof") { Description = "The consistency proof: hashes separated by commas; omit when the sizes are equal" };
        var command = new Command("verify-consistency",
            "Checks that the log was only appended to between two checkpoints: nothing rewritten, nothing forked " +
            "(any RFC 6962 log). A proof from size 0 is refused as meaningless: trust your first checkpoint on first use. " +
            "Exit 0 valid, 1 invalid (reason printed), 2 malformed input.\n\n" +
            "Example:\n  bunsan audit verify-consistency --size1 6 --size2 8 " +
            "--root1 76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef --root2 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328 " +
            "--proof 0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")
        {
            size1, size2, root1, root2, proof,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            ulong m = AuditInputs.Number("--size1", parseResult.GetValue(size1));
            ulong n = AuditInputs.Number("--size2", parseResult.GetValue(size2));
            byte[] r1 = AuditInputs.Hash("--root1", parseResult.GetValue(root1));
            byte[] r2 = AuditInputs.Hash("--root2", parseResult.GetValue(root2));
            byte[][] path = AuditInputs.Proof("--proof", parseResult.GetValue(proof));
            var result = MerkleVerifier.VerifyConsistency(m, n, r1, r2, path);
            return AuditOutput.Report(context, parseResult.GetValue(CliContext.JsonOption), result,
                $"the tree of {n} entries extends the tree of {m} entries");
        }));
        return command;
    }
}
