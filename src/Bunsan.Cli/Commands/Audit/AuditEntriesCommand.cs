using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunsan.Cli.Commands.Control;

namespace Bunsan.Cli.Commands;

/// <summary>
/// `bunsan audit entries`: the ledger's entries, filtered by kind, by any top-level fact (`--where FIELD=VALUE`), or by
/// the dataset an entry is about (`--dataset D`: its "dataset" fact, or D among its "datasets" — how query and
/// usage-policy entries name them once datasets exist, issue 7).
/// </summary>
public static class AuditEntriesCommand
{
    public static Command Create(CliContext context)
    {
        var since = new Option<string?>("--since") { Description = "First entry index to list (default 0)" };
        var kind = new Option<string?>("--kind") { Description = "Only entries of this kind, e.g. function.deployed, site.joined, placement.changed" };
        var where = new Option<string[]>("--where") { Description = "Only entries whose top-level FIELD equals VALUE (repeatable, all must hold), e.g. --where function=echo" };
        var dataset = new Option<string?>("--dataset") { Description = "Only entries about this dataset (their dataset, or one of their datasets)" };
        var command = new Command("entries",
            "Lists the ledger's entries (canonical JSON), as served and unverified: `audit verify` proves them.\n\n" +
            "Examples:\n  bunsan audit entries --kind function.deployed\n  bunsan audit entries --since 120 --where site=osaka-edge-1")
        {
            since, kind, where, dataset,
        };
        ControlConnection.AddTo(command);
        command.SetAction(parseResult => context.Run(() =>
        {
            ulong first = parseResult.GetValue(since) is { } text ? AuditInputs.Number("--since", text) : 0;
            var filters = new List<(string Field, string Value)>();
            if (parseResult.GetValue(kind) is { } k)
            {
                filters.Add(("kind", k));
            }
            filters.AddRange((parseResult.GetValue(where) ?? []).Select(Filter));
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new LedgerClient(url, token);
            ulong size = client.UnverifiedCheckpoint().Checkpoint.Size;
            bool json = parseResult.GetValue(CliContext.JsonOption);
            var listed = new List<EntryListing>();
            foreach ((ulong index, byte[] entry) in client.Entries(Math.Min(first, size), size))
            {
                JsonElement? parsed = Parse(entry);
                if (!filters.TrueForAll(f => Matches(parsed, f.Field, f.Value))
                    || (parseResult.GetValue(dataset) is { } d && !MentionsDataset(parsed, d)))
                {
                    continue;
                }
                if (json)
                {
                    listed.Add(new EntryListing(index, parsed, parsed is null ? Convert.ToBase64String(entry) : null));
                }
                else
                {
                    string shown = parsed is null ? $"(not JSON: {entry.Length} bytes)" : Visible(Encoding.UTF8.GetString(entry));
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{index,8}  {shown}"));
                }
            }
            if (json)
            {
                context.WriteJson(listed);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static (string Field, string Value) Filter(string text)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? (text[..equals], text[(equals + 1)..])
            : throw new BadInputException("--where", $"'{AuditInputs.Shorten(text)}' is not FIELD=VALUE: write e.g. --where function=echo");
    }

    /// <summary>Whether the entry names the dataset: as its "dataset" fact, or among its "datasets" array.</summary>
    internal static bool MentionsDataset(JsonElement? entry, string dataset) =>
        entry is { ValueKind: JsonValueKind.Object } e
        && ((e.TryGetProperty("dataset", out JsonElement one) && one.ValueKind == JsonValueKind.String && one.GetString() == dataset)
            || (e.TryGetProperty("datasets", out JsonElement many) && many.ValueKind == JsonValueKind.Array
                && many.EnumerateArray().Any(d => d.ValueKind == JsonValueKind.String && d.GetString() == dataset)));

    /// <summary>A string fact equals VALUE as text; an integer fact, as its decimal form.</summary>
    private static bool Matches(JsonElement? entry, string field, string value) =>
        entry is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(field, out JsonElement fact) && fact.ValueKind switch
        {
            JsonValueKind.String => fact.GetString() == value,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => fact.GetRawText() == value,
            _ => false,
        };

    private static JsonElement? Parse(byte[] entry)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(entry);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Entries are served, hence untrusted: control characters must not reach a terminal raw.</summary>
    private static string Visible(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}

/// <summary>One line of `bunsan audit entries --json`: the entry as JSON, or its bytes when they are not JSON.</summary>
public sealed record EntryListing(ulong Index, JsonElement? Entry, string? RawBase64);
