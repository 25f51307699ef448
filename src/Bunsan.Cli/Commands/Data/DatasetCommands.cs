using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bunsan.Cli.Commands.Control;

namespace Bunsan.Cli.Commands.Data;

/// <summary>`bunsan dataset add|list|show|rm`: owners' datasets, kept at their own sites; the catalog shows their shape, never rows.</summary>
public static class DatasetCommands
{
    public static Command Create(CliContext context)
    {
        var dataset = new Command("dataset", "Add, list, show and remove datasets: each stays at its owner's site, in that site's DuckDB")
        {
            Add(context), List(context), Show(context), Remove(context),
        };
        ControlConnection.AddTo(dataset);
        return dataset;
    }

    private static Command Add(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The dataset's name (lowercase letters, digits, . - _)" };
        var site = new Option<string>("--site") { Description = "The site that keeps the dataset (see `bunsan sites`)", Required = true };
        var owner = new Option<string>("--owner") { Description = "Whose data it is (a name, e.g. sapporo-city)", Required = true };
        var file = new Option<string>("--file") { Description = "A .csv (with a header row) or .parquet file, as a path on the site's machine: the site's agent reads it", Required = true };
        var policy = new Option<string>("--policy") { Description = "The usage policy: an ODRL 2.2 JSON-LD file (see src/Bunsan.Federation/Policies/README.md)", Required = true };
        var command = new Command("add",
            "Loads a file into the site's DuckDB under the owner's usage policy, or replaces the dataset. The rows stay at the site; " +
            "the catalog keeps the schema, the row count and the policy.\n\nExample:\n" +
            "  bunsan dataset add sapporo-air --site edge-sapporo --owner sapporo-city --file /data/01101010.csv --policy examples/datasets/research-only.json")
        {
            name, site, owner, file, policy,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            string datasetName = parseResult.GetValue(name)!;
            if (datasetName.Length == 0)
            {
                // An empty name would PUT to the collection itself and come back as a bare 404.
                throw new BadInputException("NAME", "the dataset needs a name: lowercase letters, digits, . - _ (e.g. sapporo-air)");
            }
            JsonElement policyJson = PolicyFile.Read("--policy", parseResult.GetValue(policy)!);
            var body = new Dictionary<string, object?>
            {
                ["site"] = parseResult.GetValue(site),
                ["owner"] = parseResult.GetValue(owner),
                // The site's agent opens the file on its own machine: a relative path would mean the agent's directory, not ours.
                ["file"] = Path.GetFullPath(parseResult.GetValue(file)!),
                ["policy"] = policyJson,
            };
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            JsonElement view = client.PutJson("v1/datasets/" + Uri.EscapeDataString(datasetName), body);
            Write(context, parseResult, view, string.Create(CultureInfo.InvariantCulture,
                $"added {Text(view, "name")} at {Text(view, "site")}: {view.GetProperty("rows").GetInt64():N0} rows, {view.GetProperty("columns").GetArrayLength()} columns"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "Every dataset: site, owner, rows, policy state");
        command.SetAction(parseResult => context.Run(() =>
        {
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            JsonElement datasets = client.Get("v1/datasets");
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(datasets, CliContext.JsonOptions));
                return ExitCodes.Ok;
            }
            context.Out.WriteLine($"{"NAME",-28} {"SITE",-20} {"OWNER",-20} {"ROWS",10}  POLICY");
            foreach (JsonElement d in datasets.EnumerateArray())
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Text(d, "name"),-28} {Text(d, "site"),-20} {Text(d, "owner"),-20} {d.GetProperty("rows").GetInt64(),10}  {PolicyState(d)}"));
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The dataset's name" };
        var command = new Command("show", "One dataset: where it is, whose it is, its columns, row count and usage policy (never rows)") { name };
        command.SetAction(parseResult => context.Run(() =>
        {
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            string dataset = parseResult.GetValue(name)!;
            JsonElement view = client.GetOrNull("v1/datasets/" + Uri.EscapeDataString(dataset)) ?? throw NoSuchDataset(dataset);
            Write(context, parseResult, view, null);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The dataset's name" };
        var command = new Command("rm", "Removes a dataset from the catalog and its rows from the site's DuckDB") { name };
        command.SetAction(parseResult => context.Run(() =>
        {
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            string dataset = parseResult.GetValue(name)!;
            if (!client.Delete("v1/datasets/" + Uri.EscapeDataString(dataset)))
            {
                throw NoSuchDataset(dataset);
            }
            context.Out.WriteLine($"removed {dataset}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static BadInputException NoSuchDataset(string dataset) =>
        new("NAME", $"no dataset '{dataset}' is in the catalog: see `bunsan dataset list`");

    /// <summary>A dataset view: JSON as the API gave it, or a short block for people.</summary>
    internal static void Write(CliContext context, ParseResult parseResult, JsonElement view, string? headline)
    {
        if (parseResult.GetValue(CliContext.JsonOption))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(view, CliContext.JsonOptions));
            return;
        }
        if (headline is not null)
        {
            context.Out.WriteLine(headline);
            return;
        }
        context.Out.WriteLine($"name          {Text(view, "name")}");
        context.Out.WriteLine($"site          {Text(view, "site")}");
        context.Out.WriteLine($"owner         {Text(view, "owner")}");
        context.Out.WriteLine($"file          {Text(view, "file")} ({Text(view, "file_digest")})");
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows          {view.GetProperty("rows").GetInt64():N0}"));
        context.Out.WriteLine($"columns       {string.Join(", ", view.GetProperty("columns").EnumerateArray().Select(c => $"{Text(c, "name")} {Text(c, "type")}"))}");
        context.Out.WriteLine($"policy        {PolicyState(view)} {Text(view, "policy_digest")}");
    }

    private static string PolicyState(JsonElement view) => view.GetProperty("revoked").GetBoolean() ? "revoked" : "in force";

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString() ?? "";
}
