using System.Diagnostics;
using Bunsan.Cli;
using Bunsan.Tests;

namespace Bunsan.Agent.Tests;

/// <summary>`bunsan agent` start-up errors: exit 2 with a message naming the option (no process needed: they fail before listening).</summary>
public sealed class AgentCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bunsan-agent-cli-tests", Guid.NewGuid().ToString("N"));

    public AgentCommandTests()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "echo.wat"), Executor.ExampleFunctions.Echo);
        File.WriteAllText(Path.Combine(_folder, "functions.yaml"), AgentFederation.FunctionsYaml.Split("\n  - { name: primes")[0]);
        File.WriteAllText(Path.Combine(_folder, "topology.yaml"), """
            sites:
              - { id: sendai, location: { lat: 38.2682, lon: 140.8694 }, tier: edge, jurisdiction: JP, metro: sendai, region: tohoku, capacity: { cores: 2, memory_gib: 8 }, energy: { idle_w: 80, peak_w: 190, pue: 1.5, grid_carbon_g_per_kwh: 480 } }
            """);
    }

    private (int Code, string Error) Agent(params string[] extra)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = BunsanCli.Run(["agent", "--topology", Path.Combine(_folder, "topology.yaml"), "--functions", Path.Combine(_folder, "functions.yaml"), .. extra], output, error);
        return (code, error.ToString());
    }

    [Fact]
    public void Agent_UnknownSite_ExitsTwoNamingSite()
    {
        var (code, error) = Agent("--site", "nowhere", "--port", "1");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--site: 'nowhere' is not a site of", error, StringComparison.Ordinal);
        Assert.Contains("use one of sendai", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Agent_NoEndpointAndNoPort_ExitsTwoNamingPort()
    {
        var (code, error) = Agent("--site", "sendai", "--data-dir", Path.Combine(_folder, "data"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--port: site sendai has no endpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Agent_BadTopology_ExitsTwoNamingTheFieldInTheFile()
    {
        File.WriteAllText(Path.Combine(_folder, "topology.yaml"), "sites:\n  - { id: x, tier: edge }\n");

        var (code, error) = Agent("--site", "x", "--port", "1");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--topology:", error, StringComparison.Ordinal);
        Assert.Contains("sites[0] (x): location is missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Agent_ModuleDigestMismatch_ExitsTwoNamingTheFunction()
    {
        File.WriteAllText(Path.Combine(_folder, "functions.yaml"), """
            functions:
              - { name: echo, class: control, module: echo.wat, module_digest: "sha256:0000000000000000000000000000000000000000000000000000000000000000", execution: { p50_ms: 1, p99_ms: 2 }, resources: { cores: 1, memory_mib: 16 } }
            """);

        var (code, error) = Agent("--site", "sendai", "--port", "1", "--data-dir", Path.Combine(_folder, "data"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--functions: function 'echo'", error, StringComparison.Ordinal);
        Assert.Contains("not the catalog's module_digest", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Agent_BadModuleBytes_ExitsTwoNamingTheFunction()
    {
        File.WriteAllBytes(Path.Combine(_folder, "bad.wasm"), [0, 0x61, 0x73, 0x6D, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3]);
        File.WriteAllText(Path.Combine(_folder, "functions.yaml"), """
            functions:
              - { name: broken, class: control, module: bad.wasm, execution: { p50_ms: 1, p99_ms: 2 }, resources: { cores: 1, memory_mib: 16 } }
            """);

        var (code, error) = Agent("--site", "sendai", "--port", "1", "--data-dir", Path.Combine(_folder, "data"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--functions: function 'broken'", error, StringComparison.Ordinal);
        Assert.Contains("is not valid WebAssembly", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1", "--peer-port: is -1: use 1 to 65535, or 0 for a free port")]
    [InlineData("65536", "--peer-port: is 65536: use 1 to 65535")]
    [InlineData("7000", "--peer-port: is 7000, the client port too")]
    public void Agent_BadPeerPort_ExitsTwoNamingPeerPort(string peerPort, string message)
    {
        var (code, error) = Agent("--site", "sendai", "--port", "7000", "--peer-port", peerPort, "--data-dir", Path.Combine(_folder, "data"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Agent_PeerPortTaken_ExitsTwoNamingPeerPort()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        string port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, error) = Agent("--site", "sendai", "--port", LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--peer-port", port, "--data-dir", Path.Combine(_folder, "data"));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--peer-port: cannot listen on ports", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_EmulateWan_BannerSaysTheNetworkIsEmulated()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in (string[])[AgentFederation.BunsanDll, "agent", "--topology", Path.Combine(_folder, "topology.yaml"),
            "--functions", Path.Combine(_folder, "functions.yaml"), "--site", "sendai", "--port", LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", Path.Combine(_folder, "data"), "--emulate-wan"])
        {
            start.ArgumentList.Add(arg);
        }
        using var agent = Process.Start(start)!;
        try
        {
            string? line;
            do
            {
                line = await agent.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
            }
            while (line is not null && !line.StartsWith("network:", StringComparison.Ordinal));

            Assert.Equal("network: emulated wide-area latency (each forward and its reply delayed by the modelled one-way latency)", line);
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void Help_ShowsExamples()
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Ok, BunsanCli.Run(["agent", "--help"], output, new StringWriter()));
        Assert.Contains("Example", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("bunsan agent", output.ToString(), StringComparison.Ordinal);
        output = new StringWriter();
        Assert.Equal(ExitCodes.Ok, BunsanCli.Run(["invoke", "--help"], output, new StringWriter()));
        Assert.Contains("bunsan invoke", output.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
