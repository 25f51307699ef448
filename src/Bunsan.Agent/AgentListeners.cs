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
    /// <param name="tls">Production mode: both listeners speak TLS only with this site's certificate; the peer port admits
    /// only clients with a certificate from the federation CA, and so does a forwarded invocation on the client port.</param>
    public static WebApplication Build(LiveGateway live, int port, StrongBox<int> peerPort, Data.DataHost? data = null, Control.AgentTls? tls = null)
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
            kestrel.Listen(address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                tls?.Serve(listen, requireCertificate: false);
            });
            kestrel.Listen(address, peerPort.Value, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                tls?.Serve(listen, requireCertificate: true);
            });
            // The gateway enforces its own, smaller cap and answers 413 with a reason.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        WebApplication app = builder.Build();
        if (tls is null)
        {
            app.MapPost("/v1/invoke/{function}", live.InvokeAsync);
        }
        else
        {
            // A forwarded invocation is executed here without admission elsewhere: only a site or the control plane
            // (a certificate the handshake checked against the CA) may send one.
            app.MapPost("/v1/invoke/{function}", (HttpContext http) =>
                http.Request.Headers.ContainsKey(ProtocolHeaders.ForwardedBy) && http.Connection.ClientCertificate is null
                    ? RefuseUncertifiedForward(http)
                    : live.InvokeAsync(http));
        }
        if (data is not null)
        {
            Data.DataEndpoints.Map(app, data, tls);
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

    private static Task RefuseUncertifiedForward(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return http.Response.WriteAsJsonAsync(new { error = "forbidden", reason = $"{ProtocolHeaders.ForwardedBy} comes from sites of the federation only: present the site's certificate from the federation CA, or leave the header out" });
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
