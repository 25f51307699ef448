using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bunsan.Cli.Commands.Control;

namespace Bunsan.Cli.Commands.Data;

/// <summary>`bunsan policy set|revoke|explain`: an owner's usage policy on a dataset, and why a query would pass it or not.</summary>
public static class PolicyCommands
{
    public static Command Create(CliContext context)
    {
        var policy = new Command("policy", "Change or revoke a dataset's usage policy, and explain its verdict for a purpose and an analyst")
        {
            Set(context), Revoke(context), Explain(context),
        };
        ControlConnection.AddTo(policy);
        return policy;
    }

    private static Option<string> DatasetOption() => new("--dataset") { Description = "The dataset (see `bunsan dataset list`)", Required = true };

    private static Command Set(CliContext context)
    {
        var dataset = DatasetOption();
        var file = new Option<string>("--policy") { Description = "The new usage policy: an ODRL 2.2 JSON-LD file", Required = true };
        var command = new Command("set",
            "Replaces a dataset's usage policy (also after a revocation); the next query is checked against it.\n\n" +
            "Example:\n  bunsan policy set --dataset sapporo-air --policy examples/datasets/research-only.json")
        {
            dataset, file,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            JsonElement policy = PolicyFile.Read("--policy", parseResult.GetValue(file)!);
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            JsonElement view = client.PutJson(PolicyPath(parseResult.GetValue(dataset)!), policy);
            DatasetCommands.Write(context, parseResult, view, $"policy of {view.GetProperty("name").GetString()} is now {view.GetProperty("policy_digest").GetString()}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var dataset = DatasetOption();
        var command = new Command("revoke",
            "Revokes a dataset's usage policy: every query on it is refused from now on, until `bunsan policy set`.\n\n" +
            "Example:\n  bunsan policy revoke --dataset sapporo-air")
        {
            dataset,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            string name = parseResult.GetValue(dataset)!;
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            JsonElement view = client.DeleteJson(PolicyPath(name)) ?? throw DatasetCommands.NoSuchDataset(name);
            DatasetCommands.Write(context, parseResult, view, $"policy of {name} revoked: queries on it are refused");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Explain(CliContext context)
    {
        var dataset = DatasetOption();
        var purpose = new Option<string>("--purpose") { Description = "The purpose a query would declare, e.g. research", Required = true };
        var analyst = new Option<string?>("--analyst") { Description = "Whose privacy budget to show (default: the token's own analyst)" };
        var command = new Command("explain",
            "Evaluates the dataset's usage policy for a purpose now: every rule, every constraint and its verdict, the minimum group size and the privacy budget left.\n\n" +
            "Example:\n  bunsan policy explain --dataset sapporo-air --purpose marketing --analyst alice")
        {
            dataset, purpose, analyst,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            string name = parseResult.GetValue(dataset)!;
            string query = "?purpose=" + Uri.EscapeDataString(parseResult.GetValue(purpose)!)
                + (parseResult.GetValue(analyst) is { } who ? "&analyst=" + Uri.EscapeDataString(who) : "");
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            JsonElement view = client.GetOrNull(PolicyPath(name) + "/explain" + query) ?? throw DatasetCommands.NoSuchDataset(name);
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(view, CliContext.JsonOptions));
                return ExitCodes.Ok;
            }
            WriteExplanation(context, view);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void WriteExplanation(CliContext context, JsonElement view)
    {
        var inv = CultureInfo.InvariantCulture;
        context.Out.WriteLine($"{(view.GetProperty("allowed").GetBoolean() ? "ALLOWED" : "REFUSED")}: {view.GetProperty("reason").GetString()}");
        foreach (JsonElement rule in view.GetProperty("rules").EnumerateArray())
        {
            context.Out.WriteLine($"  {rule.GetProperty("rule").GetString()} ({rule.GetProperty("kind").GetString()} {rule.GetProperty("action").GetString()}): {(rule.GetProperty("applies").GetBoolean() ? "applies" : "does not apply")}");
            foreach (JsonElement c in rule.GetProperty("constraints").EnumerateArray())
            {
                context.Out.WriteLine($"    {(c.GetProperty("holds").GetBoolean() ? "holds " : "fails ")} {c.GetProperty("left_operand").GetString()} {c.GetProperty("operator").GetString()} {c.GetProperty("right_operand").GetString()}: {c.GetProperty("reason").GetString()}");
            }
        }
        context.Out.WriteLine(string.Create(inv, $"minimum group size {view.GetProperty("min_group_size").GetInt32()}"));
        if (view.GetProperty("epsilon_budget").ValueKind == JsonValueKind.Number)
        {
            context.Out.WriteLine(string.Create(inv,
                $"privacy budget of {view.GetProperty("analyst").GetString()}: {view.GetProperty("epsilon_spent").GetDecimal()} of {view.GetProperty("epsilon_budget").GetDecimal()} spent, {view.GetProperty("epsilon_remaining").GetDecimal()} left"));
        }
        else
        {
            context.Out.WriteLine("no differential-privacy budget: answers are exact (groups below the minimum size suppressed)");
        }
    }

    private static string PolicyPath(string dataset) => "v1/datasets/" + Uri.EscapeDataString(dataset) + "/policy";
}
