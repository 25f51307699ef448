using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Bunsan.Cli.Commands.Control;

namespace Bunsan.Cli.Commands.Data;

/// <summary>
/// `bunsan query "SQL" --purpose P [--epsilon E]`: a federated aggregate query. Each owner's site checks its policy and
/// computes its fragment; the coordinator learns only masked sums; the answer, the verdicts and ε spent are printed.
/// </summary>
public static class QueryCommand
{
    public static Command Create(CliContext context)
    {
        var sql = new Argument<string>("SQL") { Description = "An aggregate query: SELECT COUNT/SUM/AVG/VAR/STDDEV/HISTOGRAM ... FROM dataset | federation('pattern') [WHERE ...] [GROUP BY ...]" };
        var purpose = new Option<string>("--purpose") { Description = "Why you ask: every dataset's usage policy is checked against it, at its owner's site", Required = true };
        var epsilon = new Option<string?>("--epsilon") { Description = "Differential privacy: the ε this query spends from your budget on each dataset (required where a policy sets a budget)" };
        var command = new Command("query",
            "Runs an aggregate query across the owners' sites without moving their rows.\n\nExamples:\n" +
            "  bunsan query \"SELECT year(date) AS year, AVG(NO2_mean) FROM federation('air-*') GROUP BY year(date)\" --purpose research\n" +
            "  bunsan query \"SELECT COUNT(*) FROM federation('air-*') WHERE NO2_mean > 40\" --purpose public-health --epsilon 0.5")
        {
            sql, purpose, epsilon,
        };
        ControlConnection.AddTo(command);
        command.SetAction(parseResult => context.Run(() =>
        {
            var body = new Dictionary<string, object?>
            {
                ["sql"] = parseResult.GetValue(sql),
                ["purpose"] = parseResult.GetValue(purpose),
                ["epsilon"] = parseResult.GetValue(epsilon),
            };
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            (HttpStatusCode status, JsonElement answer) = client.Exchange(HttpMethod.Post, "v1/queries", body);
            bool refusedByPolicy = status == HttpStatusCode.Forbidden && ErrorCode(answer) == "policy_refused";
            if (status != HttpStatusCode.OK && !refusedByPolicy)
            {
                throw ControlClient.Failure(status, answer.ValueKind == JsonValueKind.Undefined ? "" : answer.GetRawText());
            }
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(answer, CliContext.JsonOptions));
            }
            else if (refusedByPolicy)
            {
                context.Error.WriteLine($"refused: {answer.GetProperty("reason").GetString()}");
                QueryText.WriteVerdicts(context.Error, answer);
            }
            else
            {
                QueryText.WriteAnswer(context.Out, answer);
            }
            return refusedByPolicy ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    private static string? ErrorCode(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out JsonElement error) ? error.GetString() : null;
}

/// <summary>A query's answer and verdicts as text for people.</summary>
internal static class QueryText
{
    public static void WriteAnswer(TextWriter output, JsonElement answer)
    {
        var inv = CultureInfo.InvariantCulture;
        string[] columns = [.. answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "")];
        List<string[]> rows = [.. answer.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(Cell).ToArray())];
        int[] widths = [.. columns.Select((c, i) => Math.Max(c.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length)))];
        output.WriteLine(string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))));
        foreach (string[] row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadLeft(widths[i]))));
        }
        output.WriteLine(string.Create(inv,
            $"{rows.Count} group(s); {answer.GetProperty("suppressed_groups").GetInt32()} suppressed below the minimum group size; " +
            $"{answer.GetProperty("datasets").GetArrayLength()} dataset(s) at {answer.GetProperty("sites").GetArrayLength()} site(s); " +
            $"ε spent {(answer.GetProperty("epsilon").ValueKind == JsonValueKind.Number ? answer.GetProperty("epsilon").GetDecimal().ToString(inv) : "none (exact)")}; " +
            $"{answer.GetProperty("elapsed_ms").GetDouble():0} ms"));
    }

    public static void WriteVerdicts(TextWriter output, JsonElement answer)
    {
        // A refusal before any site was asked (a revoked policy) carries no verdicts.
        if (!answer.TryGetProperty("sites", out JsonElement sites) || sites.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (JsonElement site in sites.EnumerateArray())
        {
            foreach (JsonElement verdict in site.GetProperty("verdicts").EnumerateArray())
            {
                output.WriteLine($"  {site.GetProperty("site").GetString()} / {verdict.GetProperty("dataset").GetString()}: " +
                    $"{(verdict.GetProperty("allowed").GetBoolean() ? "allowed" : "refused")} — {verdict.GetProperty("reason").GetString()}");
            }
        }
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "NULL",
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Array or JsonValueKind.Object => value.GetRawText(),
        _ => value.GetRawText(),
    };
}
