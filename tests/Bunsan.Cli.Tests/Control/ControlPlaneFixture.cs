using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Control;

/// <summary>A real control plane server on free loopback ports over a temporary data directory, for the CLI's control verbs.</summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("bunsan-cli-cp-");

    public ControlPlaneServer Server { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    /// <summary>`--control URL --token T` for this server.</summary>
    public string[] Connection => ["--control", Server.ApiUri.ToString(), "--token", AdminToken];

    public async ValueTask InitializeAsync()
    {
        Server = await ControlPlaneServer.StartAsync(new ControlPlaneOptions
        {
            DataDirectory = _data.FullName,
            SiloPort = LoopbackPorts.Free(),
            GatewayPort = LoopbackPorts.Free(),
            ApiPort = 0,
            AgentPort = 0,
        });
        AdminToken = (await File.ReadAllTextAsync(Server.AdminTokenPath)).Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
