using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunsan.Emulation.Tests.Load;

/// <summary>What a fake agent was sent.</summary>
internal sealed record InvocationSeen(string Function, string? DeadlineMs, string? Origin);

/// <summary>
/// A real Kestrel server on loopback speaking the invocation protocol's outside: it answers
/// <c>POST /v1/invoke/{function}</c> with <c>Bunsan-Site</c>, and behaves by the function's name prefix —
/// <c>reject-</c>: 503 deadline error; <c>slow-</c>: answers after 40 ms; <c>hold-</c>: after 2 s;
/// <c>missing-</c>: 404; anything else: 200 at once, echoing the body.
/// </summary>
internal sealed class FakeAgent : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAgent(WebApplication app, string siteId)
    {
        _app = app;
        SiteId = siteId;
    }

    public string SiteId { get; }

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<InvocationSeen> Seen { get; } = new();

    public static async Task<FakeAgent> StartAsync(string siteId)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var agent = new FakeAgent(app, siteId);
        app.MapPost("/v1/invoke/{function}", agent.InvokeAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        agent.Endpoint = new Uri(address);
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task InvokeAsync(HttpContext http, string function)
    {
        Seen.Enqueue(new InvocationSeen(function, http.Request.Headers["Bunsan-Deadline-Ms"].SingleOrDefault(), http.Request.Headers["Bunsan-Origin"].SingleOrDefault()));
        http.Response.Headers["Bunsan-Site"] = SiteId;
        int holdMs = function.StartsWith("slow-", StringComparison.Ordinal) ? 40 : function.StartsWith("hold-", StringComparison.Ordinal) ? 2000 : 0;
        // Timers may fire a fraction of a millisecond before the stopwatch agrees; wait until it does.
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < holdMs)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(holdMs) - Stopwatch.GetElapsedTime(start) + TimeSpan.FromMilliseconds(1), http.RequestAborted);
        }
        if (function.StartsWith("reject-", StringComparison.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await http.Response.WriteAsJsonAsync(new { error = "deadline", reason = "no site can answer in time" }, http.RequestAborted);
            return;
        }
        if (function.StartsWith("missing-", StringComparison.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await http.Request.Body.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
