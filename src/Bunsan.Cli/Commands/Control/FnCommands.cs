using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bunsan.Core.Functions;

namespace Bunsan.Cli.Commands.Control;

/// <summary>`bunsan fn deploy|list|show|rm`: functions on the live federation.</summary>
public static class FnCommands
{
    public static Command Create(CliContext context)
    {
        var fn = new Command("fn", "Deploy, list, show and remove functions on a running federation (see `bunsan up`)")
        {
            Deploy(context), List(context), Show(context), Remove(context),
        };
        ControlConnection.AddTo(fn);
        return fn;
    }

    private static Command Deploy(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The function's name (letters, digits, . - _)" };
        var module = new Argument<string>("MODULE") { Description = "The WebAssembly module: a .wasm file, or .wat text (converted here)" };
        var latencyClass = new Option<string>("--class") { Description = "realtime | immersive | control | interactive | batch | a budget in ms, e.g. 250ms", Required = true };
        var residency = new Option<string?>("--residency") { Description = "Jurisdictions it may run in, comma-separated ISO codes, e.g. JP (default: anywhere)" };
        var min = new Option<int?>("--min") { Description = "Fewest replicas (default 1)" };
        var max = new Option<int?>("--max") { Description = "Most replicas (default 100)" };
        var p50 = new Option<double?>("--p50-ms") { Description = "Median execution time at a site, ms (default 1)" };
        var p99 = new Option<double?>("--p99-ms") { Description = "99th-percentile execution time, ms (default 5)" };
        var cores = new Option<double?>("--cores") { Description = "Cores one invocation uses (default 1)" };
        var memory = new Option<double?>("--memory-mib") { Description = "Memory one invocation uses, MiB (default 64)" };
        var command = new Command("deploy",
            "Uploads the module (deduplicated by digest), deploys the function and places it on the live federation at once; " +
            "prints where it runs.\n\nExample:\n  bunsan fn deploy echo examples/functions/echo.wat --class realtime --residency JP")
        {
            name, module, latencyClass, residency, min, max, p50, p99, cores, memory,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            string path = parseResult.GetValue(module)!;
            if (!LatencyClass.TryParse(parseResult.GetValue(latencyClass), out _, out string? classError))
            {
                throw new BadInputException("--class", classError!);
            }
            byte[] wasm = ModuleFile.Read(path);
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            string digest = client.PostBytes("v1/modules", wasm).GetProperty("digest").GetString()!;
            var body = new Dictionary<string, object?>
            {
                ["module_digest"] = digest,
                ["class"] = parseResult.GetValue(latencyClass),
                ["residency"] = parseResult.GetValue(residency)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                ["min_replicas"] = parseResult.GetValue(min),
                ["max_replicas"] = parseResult.GetValue(max),
                ["exec_p50_ms"] = parseResult.GetValue(p50),
                ["exec_p99_ms"] = parseResult.GetValue(p99),
                ["cores"] = parseResult.GetValue(cores),
                ["memory_mib"] = parseResult.GetValue(memory),
            };
            JsonElement view = client.PutJson("v1/functions/" + Uri.EscapeDataString(parseResult.GetValue(name)!), body);
            Write(context, parseResult, view, $"deployed {Text(view, "name")} ({Text(view, "module_digest")[..19]}…)");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "Every deployed function: class, budget, replicas");
        command.SetAction(parseResult => context.Run(() =>
        {
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            JsonElement functions = client.Get("v1/functions");
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(functions, CliContext.JsonOptions));
                return ExitCodes.Ok;
            }
            context.Out.WriteLine($"{"NAME",-24} {"CLASS",-12} {"BUDGET",8}  REPLICAS");
            foreach (JsonElement f in functions.EnumerateArray())
            {
                context.Out.WriteLine($"{Text(f, "name"),-24} {Text(f, "class"),-12} {Budget(f),8}  {Replicas(f)}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The function's name" };
        var command = new Command("show", "One function: its spec, its module digest and where it runs") { name };
        command.SetAction(parseResult => context.Run(() =>
        {
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            string function = parseResult.GetValue(name)!;
            JsonElement view = client.GetOrNull("v1/functions/" + Uri.EscapeDataString(function))
                ?? throw new BadInputException("NAME", $"no function '{function}' is deployed: see `bunsan fn list`");
            Write(context, parseResult, view, null);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The function's name" };
        var command = new Command("rm", "Removes a function; agents stop hosting it with the next plan") { name };
        command.SetAction(parseResult => context.Run(() =>
        {
            (Uri url, string token) = ControlConnection.Resolve(parseResult);
            using var client = new ControlClient(url, token);
            string function = parseResult.GetValue(name)!;
            if (!client.Delete("v1/functions/" + Uri.EscapeDataString(function)))
            {
                throw new BadInputException("NAME", $"no function '{function}' is deployed: see `bunsan fn list`");
            }
            context.Out.WriteLine($"removed {function}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>A function view: JSON as the API gave it, or a short block for people.</summary>
    private static void Write(CliContext context, ParseResult parseResult, JsonElement view, string? headline)
    {
        if (parseResult.GetValue(CliContext.JsonOption))
        {
            context.Out.WriteLine(JsonSerializer.Serialize(view, CliContext.JsonOptions));
            return;
        }
        if (headline is not null)
        {
            context.Out.WriteLine(headline);
        }
        var inv = CultureInfo.InvariantCulture;
        context.Out.WriteLine($"name          {Text(view, "name")}");
        context.Out.WriteLine($"class         {Text(view, "class")} ({Budget(view)})");
        context.Out.WriteLine($"module        {Text(view, "module_digest")}");
        context.Out.WriteLine(string.Create(inv, $"execution     p50 {view.GetProperty("exec_p50_ms").GetDouble()} ms, p99 {view.GetProperty("exec_p99_ms").GetDouble()} ms"));
        context.Out.WriteLine($"residency     {Join(view.GetProperty("residency"), "anywhere")}");
        context.Out.WriteLine(string.Create(inv, $"replicas      {Replicas(view)}   (min {view.GetProperty("min_replicas").GetInt32()}, max {view.GetProperty("max_replicas").GetInt32()}; plan {view.GetProperty("plan_version").GetInt64()})"));
    }

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString() ?? "";

    private static string Budget(JsonElement f) =>
        f.GetProperty("budget_ms").ValueKind == JsonValueKind.Number
            ? string.Create(CultureInfo.InvariantCulture, $"{f.GetProperty("budget_ms").GetDouble():0.###} ms")
            : "none";

    private static string Replicas(JsonElement f) => Join(f.GetProperty("replicas"), "(none yet: no site qualifies)");

    private static string Join(JsonElement array, string empty) =>
        array.GetArrayLength() == 0 ? empty : string.Join(", ", array.EnumerateArray().Select(e => e.GetString()));
}
