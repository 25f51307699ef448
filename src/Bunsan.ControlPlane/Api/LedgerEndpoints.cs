using System.Globalization;
using Bunsan.ControlPlane.Ledger;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// `/v1/ledger`: the transparency log, read-only. Readable with the admin or a join token: every member of the
/// federation may audit it, and nothing here is secret (whoever holds the verifier key checks what is served).
/// Entries are served as base64 of their exact bytes, since the leaf hash covers those bytes and nothing else.
/// </summary>
public static class LedgerEndpoints
{
    /// <summary>Entries one page returns when `to` is left out.</summary>
    public const int DefaultPage = 1000;

    public sealed record EntryView(ulong Index, string Entry, string LeafHash);

    public sealed record EntriesView(ulong Size, IReadOnlyList<EntryView> Entries);

    public sealed record InclusionView(ulong Index, ulong Size, IReadOnlyList<string> Proof);

    public sealed record ConsistencyView(ulong From, ulong To, IReadOnlyList<string> Proof);

    public static void Map(IEndpointRouteBuilder readers)
    {
        RouteGroupBuilder ledger = readers.MapGroup("/ledger");

        ledger.MapGet("/checkpoint", (ControlPlaneLedger log) => Results.Text(log.Store.GetCheckpoint().Note, "text/plain; charset=utf-8"))
            .WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint in a signed note)");

        ledger.MapGet("/key", (ControlPlaneLedger log) => Results.Text(log.Store.VerifierKey + "\n", "text/plain; charset=utf-8"))
            .WithSummary("The log's verifier key (NAME+KEYID+BASE64), for `bunsan audit verify --key`");

        ledger.MapGet("/entries", async (string? from, string? to, ControlPlaneLedger log, CancellationToken cancel) =>
        {
            ulong size = log.Store.GetCheckpoint().Checkpoint.Size;
            if (Number("from", from ?? "0", out ulong first) is { } badFrom)
            {
                return badFrom;
            }
            ulong last = Math.Min(size, first > size ? first : first + DefaultPage);
            if (to is not null && Number("to", to, out last) is { } badTo)
            {
                return badTo;
            }
            return await Guard(async () =>
            {
                IReadOnlyList<StoredEntry> entries = await log.Store.GetEntriesAsync(first, last, cancel);
                return Results.Json(new EntriesView(size, [.. entries.Select(e =>
                    new EntryView(e.Index, Convert.ToBase64String(e.Entry), Convert.ToHexStringLower(MerkleHash.Leaf(e.Entry))))]), ApiJson.Options);
            }, "from, to");
        }).WithSummary("Entries [from, to) of the log (at most 10,000; base64 of the exact bytes, with their RFC 6962 leaf hashes)");

        ledger.MapGet("/proof/inclusion", (string? index, string? size, ControlPlaneLedger log) =>
        {
            if (Number("index", index, out ulong i) is { } badIndex)
            {
                return badIndex;
            }
            if (Number("size", size, out ulong n) is { } badSize)
            {
                return badSize;
            }
            return Guard(() => Results.Json(new InclusionView(i, n, Hex(log.Store.GetInclusionProof(i, n))), ApiJson.Options), "index, size");
        }).WithSummary("RFC 9162 inclusion proof of entry `index` in the tree of `size` entries (hex hashes)");

        ledger.MapGet("/proof/consistency", (string? from, string? to, ControlPlaneLedger log) =>
        {
            if (Number("from", from, out ulong f) is { } badFrom)
            {
                return badFrom;
            }
            if (Number("to", to, out ulong t) is { } badTo)
            {
                return badTo;
            }
            return Guard(() => Results.Json(new ConsistencyView(f, t, Hex(log.Store.GetConsistencyProof(f, t))), ApiJson.Options), "from, to");
        }).WithSummary("RFC 9162 consistency proof from the tree of `from` entries to that of `to` (0 < from ≤ to; hex hashes)");
    }

    /// <summary>A plain decimal (no sign, spaces or exponent), else the 400 naming the parameter.</summary>
    private static IResult? Number(string name, string? text, out ulong value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
        {
            return ApiErrors.BadRequest($"{name} is missing: pass ?{name}= and a whole number");
        }
        if (text.Length > 20 || !text.All(char.IsAsciiDigit) || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            string shown = text.Length <= 24 ? text : text[..24] + "…";
            return ApiErrors.BadRequest($"{name} '{Uri.EscapeDataString(shown)}' is not a whole number: pass decimal digits only, e.g. ?{name}=0");
        }
        return null;
    }

    /// <summary>The store's range checks (limits in the message) become a 400 naming the parameters.</summary>
    private static IResult Guard(Func<IResult> answer, string parameters)
    {
        try
        {
            return answer();
        }
        catch (ArgumentException e)
        {
            return ApiErrors.BadRequest($"{parameters}: {OneLine(e)}");
        }
    }

    private static async Task<IResult> Guard(Func<Task<IResult>> answer, string parameters)
    {
        try
        {
            return await answer();
        }
        catch (ArgumentException e)
        {
            return ApiErrors.BadRequest($"{parameters}: {OneLine(e)}");
        }
    }

    /// <summary>The store's message names the limit and the value; an error body is one line.</summary>
    private static string OneLine(ArgumentException e) => e.Message.ReplaceLineEndings(" ");

    private static string[] Hex(byte[][] hashes) => [.. hashes.Select(Convert.ToHexStringLower)];
}
