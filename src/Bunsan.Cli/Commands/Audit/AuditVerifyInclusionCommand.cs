using System.CommandLine;
using Bunsan.Ledger.Merkle;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan audit verify-inclusion`: RFC 9162 §2.1.3.2 over hashes given on the command line.</summary>
public static class AuditVerifyInclusionCommand
{
    public static Command Create(CliContext context)
    {
        var leafHash = new Option<string>("--leaf-hash") { Description = "SHA-256(0x00 ‖ entry) of the entry, 64 hex digits (or base64)", Required = true };
        var index = new Option<string>("--index") { Description = "The entry's index in the log, from 0", Required = true };
        var size = new Option<string>("--size") { Description = "Tree size the root is for", Required = true };
        var root = new Option<string>("--root") { Description = "Root hash of the tree of --size entries, 64 hex digits (or base64 as in a checkpoint)", Required = true };
        var proof = new Option<string>("--proof") { Description = "The inclusion proof: hashes separated by commas, leaf-side first; omit for a one-entry tree" };
        var command = new Command("verify-inclusion",
            "Checks that an entry is in a log of the given size and root (any RFC 6962 log). " +
            "Exit 0 valid, 1 invalid (reason printed), 2 malformed input.\n\n" +
            "Example:\n  bunsan audit verify-inclusion --leaf-hash 4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658 --index 5 --size 8 " +
            "--root 5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328 " +
            "--proof bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b,ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0,d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")
        {
            leafHash, index, size, root, proof,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            byte[] leaf = AuditInputs.Hash("--leaf-hash", parseResult.GetValue(leafHash));
            ulong i = AuditInputs.Number("--index", parseResult.GetValue(index));
            ulong n = AuditInputs.Number("--size", parseResult.GetValue(size));
            byte[] r = AuditInputs.Hash("--root", parseResult.GetValue(root));
            byte[][] path = AuditInputs.Proof("--proof", parseResult.GetValue(proof));
            var result = MerkleVerifier.VerifyInclusion(i, n, leaf, path, r);
            return AuditOutput.Report(context, parseResult.GetValue(CliContext.JsonOption), result,
                $"entry {i} is included in the tree of {n} entries with root {Convert.ToHexStringLower(r)}");
        }));
        return command;
    }
}
