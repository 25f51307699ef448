using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bunsan.ControlPlane.Security;
using Bunsan.Core.Sites;
using Bunsan.Federation.Sites;

namespace Bunsan.ControlPlane.Datasets;

/// <summary>How one call to a site's data API ended: its answer, the site's refusal (4xx with its reason), or no answer.</summary>
public sealed record SiteCall<T>(T? Value, int Status, string? Error, string Reason, long BytesSent, long BytesReceived) where T : class
{
    public bool Succeeded => Value is not null;

    /// <summary>The site could not be reached, timed out, or failed (5xx): another try, later, may succeed.</summary>
    public bool Unreachable => Value is null && Status is 0 or >= 500;
}

/// <summary>
/// The control plane's side of the agents' data API (<c>/v1/data/...</c> on each agent's client port). Each call finds the
/// site's endpoint and the bearer secret its agent gave at registration, and counts the bytes each way: what a
/// federated query moves, for BENCHMARKS.md's comparison with copying the datasets.
/// </summary>
public sealed class SiteDataClient(IGrainFactory grains, ControlPlaneTls? tls = null) : IDisposable
{
    /// <summary>A fragment over a few years of daily rows takes milliseconds; loading a file can take longer.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private readonly SiteConnections _sites = new(tls);

    public Task<SiteCall<T>> PutAsync<T>(string siteId, string path, object body, CancellationToken cancellationToken) where T : class =>
        SendAsync<T>(siteId, HttpMethod.Put, path, body, cancellationToken);

    public Task<SiteCall<T>> PostAsync<T>(string siteId, string path, object body, CancellationToken cancellationToken) where T : class =>
        SendAsync<T>(siteId, HttpMethod.Post, path, body, cancellationToken);

    public Task<SiteCall<SiteDataError>> DeleteAsync(string siteId, string path, CancellationToken cancellationToken) =>
        SendAsync<SiteDataError>(siteId, HttpMethod.Delete, path, null, cancellationToken);

    private async Task<SiteCall<T>> SendAsync<T>(string siteId, HttpMethod method, string path, object? body, CancellationToken cancellationToken) where T : class
    {
        Site? site = (await grains.Site(siteId).GetStatus().ConfigureAwait(false))?.Site;
        if (site?.Endpoint is not { } endpoint)
        {
            return new SiteCall<T>(null, 400, "unknown_site", $"site '{siteId}' is not registered with an endpoint: see `bunsan sites`", 0, 0);
        }
        string? secret = await grains.SiteDataAccess(siteId).Secret().ConfigureAwait(false);
        if (secret is null)
        {
            return new SiteCall<T>(null, 400, "no_data_host", $"site '{siteId}' hosts no datasets: its agent registered without a data store (restart it with this version)", 0, 0);
        }
        byte[] content = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body, SiteDataJson.Options);
        using var request = new HttpRequestMessage(method, new Uri(endpoint, path));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(content);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            using HttpResponseMessage response = await _sites.For(siteId).SendAsync(request, timeout.Token).ConfigureAwait(false);
            byte[] answer = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return Read<T>(siteId, response.StatusCode, answer, content.Length);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new SiteCall<T>(null, 0, "unreachable", $"site '{siteId}' at {endpoint} did not answer: {e.Message}", content.Length, 0);
        }
    }

    private static SiteCall<T> Read<T>(string siteId, HttpStatusCode status, byte[] answer, long sent) where T : class
    {
        int code = (int)status;
        try
        {
            if (status is HttpStatusCode.OK or HttpStatusCode.Created)
            {
                T value = JsonSerializer.Deserialize<T>(answer, SiteDataJson.Options)
                    ?? throw new JsonException("an empty answer");
                return new SiteCall<T>(value, code, null, "", sent, answer.Length);
            }
            if (status == HttpStatusCode.NoContent && typeof(T) == typeof(SiteDataError))
            {
                return new SiteCall<T>((T)(object)new SiteDataError("", ""), code, null, "", sent, answer.Length);
            }
            SiteDataError? error = answer.Length == 0 ? null : JsonSerializer.Deserialize<SiteDataError>(answer, SiteDataJson.Options);
            return new SiteCall<T>(null, code, error?.Error ?? "failed", $"site '{siteId}': {error?.Reason ?? $"HTTP {code}"}", sent, answer.Length);
        }
        catch (JsonException e)
        {
            return new SiteCall<T>(null, 502, "bad_answer", $"site '{siteId}' answered HTTP {code} with a body that is not the data API's ({e.Message}): is its agent the same version?", sent, answer.Length);
        }
    }

    public void Dispose() => _sites.Dispose();
}
