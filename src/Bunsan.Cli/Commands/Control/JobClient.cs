using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bunsan.ControlPlane.Jobs;

namespace Bunsan.Cli.Commands.Control;

/// <summary>
/// The CLI's side of <c>/v1/jobs</c>. A submission needs the status code (202 new, 200 the key's existing job, 409
/// the key reused), which the generic <see cref="ControlClient"/> does not give; failures map the same way:
/// a refused request is bad input (exit 2), an unreachable or failing control plane exit 1.
/// </summary>
internal sealed class JobClient : IDisposable
{
    private readonly HttpClient _http;

    public JobClient(Uri control, string token)
    {
        _http = ControlConnection.CreateHttp(control, token, TimeSpan.FromSeconds(30));
    }

    public JsonElement Submit(string function, byte[] input, long? deadlineMs, string? idempotencyKey)
    {
        var body = new Dictionary<string, object?>
        {
            ["function"] = function,
            ["input"] = Convert.ToBase64String(input),
            ["deadline_ms"] = deadlineMs,
            ["idempotency_key"] = idempotencyKey,
        };
        string json = JsonSerializer.Serialize(body, CliContext.JsonOptions);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return Send(request, "FUNCTION");
    }

    /// <summary>The job, or bad input naming ID when there is no such job.</summary>
    public JsonElement Get(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/jobs/" + id);
        return Send(request, "ID");
    }

    private JsonElement Send(HttpRequestMessage request, string field)
    {
        using HttpResponseMessage response = ControlClient.SendOrExplain(_http, request);
        string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (response.IsSuccessStatusCode)
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        string reason = ControlClient.Reason(text) ?? $"HTTP {(int)response.StatusCode}";
        throw response.StatusCode switch
        {
            HttpStatusCode.Conflict => new BadInputException("--idempotency-key", reason),
            HttpStatusCode.NotFound => new BadInputException(field, reason),
            _ => ControlClient.Failure(response.StatusCode, text),
        };
    }

    /// <summary>Checks an id before sending it: the API would refuse it anyway, but a typo deserves the fix at once.</summary>
    public static string CheckId(string id) => JobIds.IsWellFormed(id) ? id
        : throw new BadInputException("ID", $"'{(id.Length <= 40 ? id : id[..37] + "...")}' is not a job id: use the 32 lowercase hex digits `bunsan job submit` printed");

    public void Dispose() => _http.Dispose();
}
