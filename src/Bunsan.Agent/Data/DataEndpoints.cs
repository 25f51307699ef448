using System.Text.Json;
using Bunsan.Federation;
using Bunsan.Federation.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.Agent.Data;

/// <summary>
/// The site data API on the agent's client port, for the control plane only: every call must carry
/// `Authorization: Bearer &lt;data secret&gt;` (the secret this agent gave at registration), else 401 and nothing read.
/// Bodies are size-capped and must be the documented JSON, unknown members refused.
/// </summary>
internal static class DataEndpoints
{
    /// <summary>Requests are small documents; a commit carries the union of group keys, which may be large.</summary>
    private const int MaxBodyBytes = 256 << 10;
    private const int MaxCommitBytes = 16 << 20;

    /// <param name="tls">Production mode: the caller must also present the control plane's certificate (a leaked data
    /// secret alone then reads nothing).</param>
    public static void Map(IEndpointRouteBuilder app, DataHost host, Control.AgentTls? tls = null)
    {
        RouteGroupBuilder data = app.MapGroup("/v1/data");
        data.MapPut("/datasets/{name}", (string name, HttpContext http) =>
            Handle<DatasetLoadRequest>(http, host, tls, MaxBodyBytes, body => host.Load(name, body)));
        data.MapPut("/datasets/{name}/policy", (string name, HttpContext http) =>
            Handle<PolicyUpdate>(http, host, tls, MaxBodyBytes, body => host.SetPolicy(name, body)));
        data.MapDelete("/datasets/{name}", (string name, HttpContext http) =>
            Authorized(http, host, tls) ? Write(http, host.Remove(name)) : Unauthorized(http));
        data.MapPost("/queries/prepare", (HttpContext http) =>
            Handle<FragmentPrepare>(http, host, tls, MaxBodyBytes, host.Prepare));
        data.MapPost("/queries/commit", (HttpContext http) =>
            Handle<FragmentCommit>(http, host, tls, MaxCommitBytes, host.Commit));
    }

    private static async Task Handle<T>(HttpContext http, DataHost host, Control.AgentTls? tls, int maxBytes, Func<T, DataAnswer> act) where T : class
    {
        if (!Authorized(http, host, tls))
        {
            await Unauthorized(http);
            return;
        }
        if (http.Request.ContentLength > maxBytes)
        {
            await Write(http, DataAnswer.Refused(413, "body_too_large", $"the body is over {maxBytes:N0} bytes"));
            return;
        }
        T? body;
        try
        {
            using var limited = new MemoryStream();
            await http.Request.Body.CopyToAsync(limited, http.RequestAborted);
            if (limited.Length > maxBytes)
            {
                await Write(http, DataAnswer.Refused(413, "body_too_large", $"the body is over {maxBytes:N0} bytes"));
                return;
            }
            body = JsonSerializer.Deserialize<T>(limited.GetBuffer().AsSpan(0, (int)limited.Length), SiteDataJson.Options);
        }
        catch (JsonException e)
        {
            await Write(http, DataAnswer.Refused(400, "invalid", $"the body is not this call's JSON ({e.Message})"));
            return;
        }
        await Write(http, body is null ? DataAnswer.Refused(400, "invalid", "the body is empty: send a JSON object") : act(body));
    }

    private static bool Authorized(HttpContext http, DataHost host, Control.AgentTls? tls)
    {
        string? header = http.Request.Headers.Authorization;
        return (tls is null || tls.IsControlPlane(http.Connection.ClientCertificate))
            && header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && DataSecrets.Matches(host.Secret, header["Bearer ".Length..].Trim());
    }

    private static Task Unauthorized(HttpContext http) =>
        Write(http, DataAnswer.Refused(401, "unauthorized", "the site data API answers the control plane only: send its bearer data secret (in production mode, over its certificate)"));

    private static Task Write(HttpContext http, DataAnswer answer)
    {
        http.Response.StatusCode = answer.Status;
        if (answer.Status == StatusCodes.Status204NoContent)
        {
            return Task.CompletedTask;
        }
        http.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(http.Response.Body, answer.Body, answer.Body.GetType(), SiteDataJson.Options, http.RequestAborted);
    }
}
