using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Bunsan.Cli.Commands.Control;

/// <summary>
/// The CLI's side of the control plane's HTTP API. Every failure becomes a one-line reason: the API's own for a
/// rejected request (exit 2, the user's input was wrong), "cannot reach" with the fix for a dead endpoint (exit 1).
/// </summary>
public sealed class ControlClient : IDisposable
{
    private readonly HttpClient _http;

    public ControlClient(Uri control, string token)
    {
        _http = ControlConnection.CreateHttp(control, token, TimeSpan.FromSeconds(30));
    }

    public JsonElement Get(string path) => Send(new HttpRequestMessage(HttpMethod.Get, path))!.Value;

    /// <summary>Null when the API answers 404 (the thing asked for does not exist).</summary>
    public JsonElement? GetOrNull(string path) => Send(new HttpRequestMessage(HttpMethod.Get, path), notFoundIsNull: true);

    public JsonElement PutJson(string path, object body) =>
        Send(new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent(body) })!.Value;

    public JsonElement PostJson(string path, object body) =>
        Send(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent(body) })!.Value;

    /// <summary>Null when there was nothing there (404); otherwise the API's answer.</summary>
    public JsonElement? DeleteJson(string path) => Send(new HttpRequestMessage(HttpMethod.Delete, path), notFoundIsNull: true);

    /// <summary>
    /// Sends a request and gives back the status and body for every answer the API gives, refusals included: for verbs
    /// whose refusals carry more than a reason (a query's per-site policy verdicts). Unreachable: IOException as always.
    /// </summary>
    public (HttpStatusCode Status, JsonElement Body) Exchange(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent(body) };
        using HttpResponseMessage response = SendOrExplain(_http, request);
        string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        try
        {
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }
        catch (JsonException)
        {
            throw Failure(response.StatusCode, text);
        }
    }

    /// <summary>What a refused or failed answer means for the user: bad input (exit 2) for 4xx, a failure (exit 1) otherwise.</summary>
    public static Exception Failure(HttpStatusCode status, string body)
    {
        string reason = Reason(body) ?? $"HTTP {(int)status}";
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new BadInputException("--token", reason),
            >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError => new BadInputException("refused", reason),
            _ => new IOException($"the control plane failed: {reason}"),
        };
    }

    public JsonElement PostBytes(string path, byte[] body) =>
        Send(new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) })!.Value;

    /// <summary>False when there was nothing to delete (404).</summary>
    public bool Delete(string path) => Send(new HttpRequestMessage(HttpMethod.Delete, path), notFoundIsNull: true) is not null;

    private JsonElement? Send(HttpRequestMessage request, bool notFoundIsNull = false)
    {
        using (request)
        {
            HttpResponseMessage response = SendOrExplain(_http, request);
            using (response)
            {
                string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return text.Length == 0 ? default(JsonElement) : JsonDocument.Parse(text).RootElement.Clone();
                }
                if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
                {
                    return null;
                }
                throw Failure(response.StatusCode, text);
            }
        }
    }

    /// <summary>Sends a request to the control plane; a dead endpoint or a timeout becomes an IOException with the fix.</summary>
    internal static HttpResponseMessage SendOrExplain(HttpClient http, HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return http.Send(request);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new IOException($"cannot reach the control plane at {http.BaseAddress}: start one with `bunsan up`, or pass --control URL");
        }
        catch (TaskCanceledException)
        {
            throw new IOException($"the control plane at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    internal static string? Reason(string body)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("reason", out JsonElement reason) ? reason.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, CliContext.JsonOptions), System.Text.Encoding.UTF8, "application/json");

    public void Dispose() => _http.Dispose();
}
