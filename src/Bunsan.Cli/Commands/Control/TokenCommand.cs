using System.CommandLine;
using System.Text.Json;

namespace Bunsan.Cli.Commands.Control;

/// <summary>`bunsan token create --kind join|analyst|admin [--name N]`: mints an API token (shown once).</summary>
public static class TokenCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Option<string>("--kind") { Description = "join (an agent), analyst (federated queries, under --name) or admin", Required = true };
        var name = new Option<string?>("--name") { Description = "The analyst's name: privacy budgets are kept per analyst" };
        var create = new Command("create",
            "Mints a token and prints it once; the control plane keeps only its hash.\n\nExample:\n  bunsan token create --kind analyst --name alice")
        {
            kind, name,
        };
        create.SetAction(parseResult => context.Run(() =>
        {
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            JsonElement view = client.PostJson("v1/tokens", new Dictionary<string, object?> { ["kind"] = parseResult.GetValue(kind), ["name"] = parseResult.GetValue(name) });
            context.Out.WriteLine(parseResult.GetValue(CliContext.JsonOption) ? JsonSerializer.Serialize(view, CliContext.JsonOptions) : view.GetProperty("token").GetString());
            return ExitCodes.Ok;
        }));
        var command = new Command("token", "API tokens: for agents (join), analysts and admins") { create };
        ControlConnection.AddTo(command);
        return command;
    }
}
