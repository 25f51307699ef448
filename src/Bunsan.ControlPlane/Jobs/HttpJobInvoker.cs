using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bunsan.ControlPlane.Security;

namespace Bunsan.ControlPlane.Jobs;

/// <summary>
/// Calls <c>POST {endpoint}/v1/invoke/{function}</c> at the chosen site's agent with <c>Bunsan-Forwarded-By</c> set to
/// that site's own id. Agents treat a forwarded request as "execute here or refuse, never forward again", so the site
/// the attempt's epoch names is the site that runs it: its health is what the dispatcher watches, and a refusal (busy,
/// admission, no module yet) comes back at once as a 503 for the dispatcher to retry elsewhere, instead of the gateway
/// silently running the job at a peer the job record knows nothing about. The one-way latency from a site to itself is
/// 0, so the whole budget goes to admission.
/// </summary>
/// <param name="tls">Production mode: attempts go over TLS, authenticated both ways (see <see cref="SiteConnections"/>).</param>
public sealed class HttpJobInvoker(ControlPlaneTls? tls = null) : IJobInvoker, IDisposable
{
    // Header names as in src/Bunsan.Agent/ProtocolHeaders.cs (the control plane does not reference the agent).
    private const string ForwardedBy = "Bunsan-Forwarded-By";
    private const string DeadlineMs = "Bunsan-Deadline-Ms";

    private readonly SiteConnections _sites = new(tls);

    public async Task<AttemptReport> InvokeAsync(JobTarget target, string functionName, byte[] input, double budgetMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target.Endpoint, "v1/invoke/" + Uri.EscapeDataString(functionName)))
        {
            Content = new ByteArrayContent(input),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.TryAddWithoutValidation(ForwardedBy, target.SiteId);
        request.Headers.TryAddWithoutValidation(DeadlineMs, Math.Max(1, budgetMs).ToString("0", CultureInfo.InvariantCulture));
        try
        {
            using HttpResponseMessage response = await _sites.For(target.SiteId).SendAsync(request, cancellationToken).ConfigureAwait(false);
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return Classify(response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            // Refused, reset, or the site died mid-answer: another attempt, maybe elsewhere, may succeed.
            return AttemptReport.Refusal("unreachable", $"site {target.SiteId} at {target.Endpoint}: {e.Message}");
        }
    }

    /// <summary>
    /// 200 is the result. 422 (the function trapped or hit a limit: fuel is deterministic, every site would repeat it),
    /// 413 (input too large) and 500 (the module is broken) fail the job. 503 (busy, admission, module not there yet),
    /// 404 and 400 (the site's plan lags: it does not know the function or the sender yet) and any other answer are
    /// refusals: another attempt may succeed.
    /// </summary>
    internal static AttemptReport Classify(HttpStatusCode status, byte[] body)
    {
        if (status == HttpStatusCode.OK)
        {
            return AttemptReport.Success(body);
        }
        (string error, string reason) = ErrorOf(body, $"HTTP {(int)status}");
        return status is HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.InternalServerError
            ? AttemptReport.Failure(error, reason)
            : AttemptReport.Refusal(error, reason);
    }

    /// <summary>The agent's {"error", "reason"}, or the fallback when the body is not that.</summary>
    private static (string Error, string Reason) ErrorOf(byte[] body, string fallback)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            JsonElement root = json.RootElement;
            string? error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            string? reason = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("reason", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return (error ?? fallback, reason ?? fallback);
        }
        catch (JsonException)
        {
            return (fallback, fallback);
        }
    }

    public void Dispose() => _sites.Dispose();
}
