using Bunsan.Cli.Tests.Control;
using Bunsan.ControlPlane.Api;
using Bunsan.ControlPlane.Hosting;
using Bunsan.ControlPlane.Ledger;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Audit;

/// <summary>A real control plane over a data directory the test owns, so it can stop it, copy its key or restart it.</summary>
internal sealed class LedgerServer : IAsyncDisposable
{
    private LedgerServer(ControlPlaneServer server, string token)
    {
        Server = server;
        Token = token;
    }

    public ControlPlaneServer Server { get; }

    public string Token { get; }

    public string[] Connection => ["--control", Server.ApiUri.ToString(), "--token", Token];

    public string VerifierKey => Server.Ledger.Store.VerifierKey.ToString();

    public static async Task<LedgerServer> StartAsync(string dataDirectory)
    {
        ControlPlaneServer server = await ControlPlaneServer.StartAsync(new ControlPlaneOptions
        {
            DataDirectory = dataDirectory,
            SiloPort = LoopbackPorts.Free(),
            GatewayPort = LoopbackPorts.Free(),
            ApiPort = 0,
            AgentPort = 0,
        }, cancellationToken: TestContext.Current.CancellationToken);
        return new LedgerServer(server, (await File.ReadAllTextAsync(server.AdminTokenPath)).Trim());
    }

    /// <summary>Appends entries as the control plane does (a removal is the entry with the fewest facts).</summary>
    public async Task AppendRemovals(string prefix, int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Server.Ledger.FunctionRemoved($"{prefix}-{i}");
        }
    }

    public static string KeyFile(string dataDirectory) => Path.Combine(dataDirectory, ControlPlaneLedger.DatabaseFileName + ".key");

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
