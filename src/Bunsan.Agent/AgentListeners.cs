using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bunsan.Agent;

/// <summary>
/// An agent's Kestrel (minimal API, no MVC): the client port and the HTTP/2-only peer port, both serving
/// <c>POST /v1/invoke/{function}</c> and <c>GET /v1/health</c>.
/// </summary>
internal static class AgentListeners
{
    /// <param name="data">The site's data host, whose API (<c>/v1/data/...</c>) this port then serves too; null for an agent without datasets.</param>
    public static WebApplication Build(LiveGateway live, int port, StrongBox<int> peerPort, Data.DataHost? data = null)
    {
        Federation federation = live.Current.Federation;
        // No appsettings reload: by default the host watches its content root (the working directory) recursively,
        // and every write under it then wakes every agent (measured: 1,460 inotify watches per process in a checkout,
        // 11 % of the machine's CPU in `bunsan demo` while a build ran). Agents take no configuration from files.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            bool loopback = federation.Self.Endpoint is not { } endpoint || endpoint.IsLoopback;
            IPAddress address = loopback ? IPAddress.Loopback : IPAddress.Any;
            // Without TLS an Http1AndHttp2 endpoint speaks HTTP/1.1 only (h2c needs prior knowledge, which Kestrel
            // accepts only on an HTTP/2-only endpoint): clients use this one, peers the second (see PeerClients).
            kestrel.Listen(address, port, listen => listen.Protocols = HttpProtocols.Http1AndHttp2);
            kestrel.Listen(address, peerPort.Value, listen => listen.Protocols = HttpProtocols.Http2);
            // The gateway enforces its own, smaller cap and answers 413 with a reason.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        WebApplication app = builder.Build();
        app.MapPost("/v1/invoke/{function}", live.InvokeAsync);
        if (data is not null)
        {
            Data.DataEndpoints.Map(app, data);
        }
        app.MapGet("/v1/health", (HttpContext http) =>
        {
            http.Response.Headers[ProtocolHeaders.PeerPort] = PeerAddress.Advertise(peerPort.Value);
            Gateway current = live.Current;
            return http.Response.WriteAsJsonAsync(new Health(current.Federation.Self.Id, "ok",
                [.. current.Local.Hosted.Order(StringComparer.Ordinal)], live.PlanVersion, current.Mode.Name));
        });
        return app;
    }

    /// <summary>The peer listener's port as bound: the one Kestrel address that is not the client port (the OS picks it for --peer-port 0).</summary>
    public static int BoundPeerPort(WebApplication app, int port) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.Replace("*", "localhost", StringComparison.Ordinal)).Port)
            .First(p => p != port);

    /// <summary>plan_version: the control plane's plan served (0 without one); the demo waits on it.</summary>
    private sealed record Health(
        string Site,
        string Status,
        IReadOnlyList<string> Hosting,
        [property: System.Text.Json.Serialization.JsonPropertyName("plan_version")] long PlanVersion,
        string Strategy);
}
