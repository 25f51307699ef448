using System.Net.Http.Headers;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Bunsan.Tests;

namespace Bunsan.ControlPlane.Tests.Api;

/// <summary>
/// A real control plane server (silo, HTTP API, gRPC agent service, placement loop) over a temporary data
/// directory, shared by one test class; clients carry the admin or the join token its first start minted.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public ControlPlaneServer Server { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Anonymous { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    public string JoinToken { get; private set; } = "";

    public GrpcChannel AgentChannel { get; private set; } = null!;

    public AgentControl.AgentControlClient Agents => new(AgentChannel);

    public Metadata JoinHeaders => new() { { "authorization", "Bearer " + JoinToken } };

    public string DataDirectory => _data.Path;

    public async ValueTask InitializeAsync()
    {
        ControlPlaneOptions options = Options(_data.Path);
        Configure(options);
        Server = await ControlPlaneServer.StartAsync(options);
        AdminToken = (await File.ReadAllTextAsync(Server.AdminTokenPath)).Trim();
        JoinToken = (await File.ReadAllTextAsync(Server.JoinTokenPath)).Trim();
        Admin = Client(AdminToken);
        Anonymous = Client(null);
        AgentChannel = GrpcChannel.ForAddress(Server.AgentUri);
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Server.ApiUri };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Changes the options before the server starts; nothing by default.</summary>
    protected virtual void Configure(ControlPlaneOptions options)
    {
    }

    public static ControlPlaneOptions Options(string dataDirectory) => new()
    {
        DataDirectory = dataDirectory,
        SiloPort = LoopbackPorts.Free(),
        GatewayPort = LoopbackPorts.Free(),
        ApiPort = 0,
        AgentPort = 0,
    };

    public async ValueTask DisposeAsync()
    {
        AgentChannel.Dispose();
        Admin.Dispose();
        Anonymous.Dispose();
        await Server.DisposeAsync();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}
