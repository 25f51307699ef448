using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bunsan.Core.Geo;
using Bunsan.Core.Spatial;

namespace Bunsan.Cli.Commands;

/// <summary>`bunsan invoke`: one invocation through an agent's gateway; prints the function's output bytes.</summary>
public static class InvokeCommand
{
    public const string DefaultAgent = "http://127.0.0.1:7100";

    public static Command Create(CliContext context)
    {
        var function = new Argument<string>("function") { Description = "Name of the function to invoke" };
        var at = new Option<string>("--at") { Description = $"The agent to send it to (default {DefaultAgent})", DefaultValueFactory = _ => DefaultAgent };
        var origin = new Option<string?>("--origin") { Description = "Where the request comes from: LAT,LON[,ALT] or a spatial ID z/f/x/y (default: the agent's site)" };
        var deadline = new Option<double?>("--deadline-ms") { Description = "Budget in milliseconds (default: the function's latency class)" };
        var data = new Option<string?>("--data") { Description = InvocationData.Description };
        var command = new Command("invoke",
            "Invokes a function through an agent (POST /v1/invoke/FUNCTION) and prints its output bytes; --json prints the " +
            "executing site, queue and execution times, HTTP status and latency instead (latency_ms = connect_ms, opening the " +
            "connection, + request_ms, the invocation over it). Exit 1 when the " +
            "invocation fails or no site can meet the deadline (the reason goes to stderr).\n\n" +
            "Examples:\n  bunsan invoke echo --at http://127.0.0.1:7101 --data hello\n" +
            "  bunsan invoke primes --origin 38.27,140.87 --deadline-ms 100 --data @n.bin --json")
        {
            function, at, origin, deadline, data,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            Uri agent = ParseAgent(parseResult.GetValue(at)!);
            string? originText = parseResult.GetValue(origin);
            CheckOrigin(originText);
            double? budget = parseResult.GetValue(deadline);
            if (budget is { } b && !(double.IsFinite(b) && b > 0 && b <= 3_600_000))
            {
                throw new BadInputException("--deadline-ms", $"is {b.ToString(CultureInfo.InvariantCulture)}: use milliseconds > 0 and <= 3600000");
            }
            byte[] input = InvocationData.Read(parseResult.GetValue(data));
            string name = parseResult.GetValue(function)!;
            return Send(context, agent, name, originText, budget, input, parseResult.GetValue(CliContext.JsonOption));
        }));
        return command;
    }

    private static int Send(CliContext context, Uri agent, string function, string? origin, double? budget, byte[] input, bool json)
    {
        using var client = new HttpClient(Control.ControlConnection.CreateHandler(agent, identity: null)) { BaseAddress = agent, Timeout = TimeSpan.FromMinutes(61) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/invoke/" + Uri.EscapeDataString(function)) { Content = new ByteArrayContent(input) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Bunsan-Origin", origin);
        }
        if (budget is { } ms)
        {
            request.Headers.TryAddWithoutValidation("Bunsan-Deadline-Ms", ms.ToString("0.###", CultureInfo.InvariantCulture));
        }
        long start = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        byte[] body;
        double connectMs;
        double requestMs;
        try
        {
            // Opens the keep-alive connection first, so request_ms is the invocation alone: measured, ~55 ms of a
            // one-shot CLI's latency was TCP connect plus the CLI's own first-request JIT, not the agent.
            using (HttpResponseMessage _ = client.Send(new HttpRequestMessage(HttpMethod.Get, "v1/health")))
            {
                connectMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            long sent = Stopwatch.GetTimestamp();
            response = client.Send(request);
            body = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            requestMs = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        }
        catch (HttpRequestException e)
        {
            context.Error.WriteLine($"error: cannot reach the agent at {agent}: {e.Message}");
            return ExitCodes.Failed;
        }
        using (response)
        {
            bool ok = response.IsSuccessStatusCode;
            if (json)
            {
                string? text = ok ? TryUtf8(body) : null;
                context.WriteJson(new InvocationReport(Header(response, "Bunsan-Site"), Number(response, "Bunsan-Queue-Ms"), Number(response, "Bunsan-Exec-Ms"),
                    (int)response.StatusCode, Math.Round(connectMs + requestMs, 3), Math.Round(connectMs, 3), Math.Round(requestMs, 3), text, ok && text is null ? Convert.ToBase64String(body) : null, ok ? null : Reason(body)));
            }
            else if (ok)
            {
                WriteBytes(context, body);
            }
            if (!ok)
            {
                context.Error.WriteLine($"error: {(int)response.StatusCode} from {Header(response, "Bunsan-Site") ?? agent.ToString()}: {Reason(body)}");
                return ExitCodes.Failed;
            }
            return ExitCodes.Ok;
        }
    }

    private static Uri ParseAgent(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
            : throw new BadInputException("--at", $"'{text}' is not an http(s) URL: write the agent's address, e.g. {DefaultAgent}");

    private static void CheckOrigin(string? text)
    {
        if (text is null)
        {
            return;
        }
        string? error;
        bool valid = text.Contains('/', StringComparison.Ordinal)
            ? SpatialId.TryParse(text, out _, out error)
            : GeoPoint.TryParse(text, out _, out error);
        if (!valid)
        {
            throw new BadInputException("--origin", error + "; or give a spatial ID z/f/x/y");
        }
    }

    /// <summary>Raw bytes to the real stdout (a function's output need not be text); decoded text to any other writer.</summary>
    private static void WriteBytes(CliContext context, byte[] body)
    {
        if (ReferenceEquals(context.Out, Console.Out))
        {
            context.Out.Flush();
            using Stream stdout = Console.OpenStandardOutput();
            stdout.Write(body);
        }
        else
        {
            context.Out.Write(Encoding.UTF8.GetString(body));
        }
    }

    /// <summary>The output as text when it is UTF-8 without control characters (tabs and line breaks aside); null for binary output.</summary>
    private static string? TryUtf8(byte[] body)
    {
        try
        {
            string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
            return text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Reason(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : Encoding.UTF8.GetString(body);
        }
        catch (JsonException)
        {
            return body.Length == 0 ? "(no reason given)" : Encoding.UTF8.GetString(body);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static double? Number(HttpResponseMessage response, string name) =>
        double.TryParse(Header(response, name), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
}

/// <summary>
/// What `bunsan invoke --json` prints (snake_case keys). <paramref name="LatencyMs"/> = <paramref name="ConnectMs"/>
/// (opening the connection with GET /v1/health: TCP plus the CLI's cold start) + <paramref name="RequestMs"/> (the
/// invocation over that open connection, what a long-lived client sees).
/// </summary>
public sealed record InvocationReport(string? Site, double? QueueMs, double? ExecMs, int Status, double LatencyMs, double ConnectMs, double RequestMs, string? Output, string? OutputBase64, string? Error);
