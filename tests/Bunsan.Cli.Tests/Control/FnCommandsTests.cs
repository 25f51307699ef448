using System.Text.Json;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Control;

/// <summary>`bunsan fn`, `sites` and live `explain` against a real control plane.</summary>
public sealed class FnCommandsTests(ControlPlaneFixture fixture) : IClassFixture<ControlPlaneFixture>
{
    private static string Echo => Path.Combine(SharedData.RepoRoot, "examples", "functions", "echo.wat");

    [Fact]
    public void DeployListShowRemove_RoundTrip()
    {
        var deployed = Run("fn", "deploy", "cli-echo", Echo, "--class", "interactive", "--residency", "JP", "--min", "1", "--max", "3");
        Assert.True(deployed.ExitCode == 0, deployed.Err);
        Assert.Contains("deployed cli-echo", deployed.Out, StringComparison.Ordinal);

        var list = Run("fn", "list");
        Assert.Contains("cli-echo", list.Out, StringComparison.Ordinal);

        var show = Run("fn", "show", "cli-echo", "--json");
        using JsonDocument json = JsonDocument.Parse(show.Out);
        Assert.Equal("interactive", json.RootElement.GetProperty("class").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("max_replicas").GetInt32());
        Assert.Equal(["JP"], json.RootElement.GetProperty("residency").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(0, Run("fn", "rm", "cli-echo").ExitCode);
        var again = Run("fn", "rm", "cli-echo");
        Assert.Equal(ExitCodes.BadInput, again.ExitCode);
        Assert.Contains("no function 'cli-echo' is deployed", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_SameModuleTwice_UploadsOneDigest()
    {
        var first = Run("fn", "deploy", "cli-a", Echo, "--class", "control", "--json");
        var second = Run("fn", "deploy", "cli-b", Echo, "--class", "control", "--json");

        Assert.Equal(Digest(first.Out), Digest(second.Out));
    }

    [Theory]
    [InlineData("--class", "soon", "--class: 'soon' is not a latency class")]
    [InlineData("--p99-ms", "0.5", "p99")]
    [InlineData("--min", "0", "min")]
    public void Deploy_BadOption_Exits2NamingIt(string option, string value, string expected)
    {
        string[] args = option == "--class"
            ? ["fn", "deploy", "cli-bad", Echo, option, value]
            : ["fn", "deploy", "cli-bad", Echo, "--class", "realtime", option, value];

        var result = Run(args);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_ModuleThatIsNotWebAssembly_Exits2WithTheReason()
    {
        string garbage = Path.Combine(Path.GetTempPath(), $"bunsan-garbage-{Guid.NewGuid():N}.wasm");
        File.WriteAllBytes(garbage, "\0asm garbage"u8.ToArray());
        try
        {
            var result = Run("fn", "deploy", "cli-garbage", garbage, "--class", "realtime");

            Assert.Equal(ExitCodes.BadInput, result.ExitCode);
            Assert.Contains("the module was refused", result.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(garbage);
        }
    }

    [Fact]
    public void Deploy_MissingFileOrBadWat_Exits2BeforeCallingTheControlPlane()
    {
        var missing = CliRunner.Run("fn", "deploy", "x", "/no/such/module.wasm", "--class", "realtime", "--control", "http://127.0.0.1:1", "--token", "t");
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        Assert.Contains("MODULE: file '/no/such/module.wasm' does not exist", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongToken_Exits2NamingTheToken()
    {
        var result = CliRunner.Run("sites", "--control", fixture.Server.ApiUri.ToString(), "--token", "bsn_admin_wrong");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--token: the token is not one this control plane issued", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void NoControlPlaneListening_Exits1WithTheFix()
    {
        var result = CliRunner.Run("fn", "list", "--control", $"http://127.0.0.1:{LoopbackPorts.Free()}", "--token", "t");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("cannot reach the control plane", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("not a url")]
    public void BadControlUrl_Exits2(string url)
    {
        var result = CliRunner.Run("sites", "--control", url, "--token", "t");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--control", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainLive_UnknownFunction_Exits2()
    {
        var result = Run("explain", "no-such-fn", "--origin", "35,139");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("no function 'no-such-fn' is deployed", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainLive_DeployedFunction_ExplainsOnTheLiveFederation()
    {
        Assert.Equal(0, Run("fn", "deploy", "cli-explain", Echo, "--class", "interactive").ExitCode);

        var result = Run("explain", "cli-explain", "--origin", "35,139", "--json");

        Assert.True(result.ExitCode == 0, result.Err);
        using JsonDocument json = JsonDocument.Parse(result.Out);
        Assert.Equal("live", json.RootElement.GetProperty("topology").GetString());
        Assert.Equal("cli-explain", json.RootElement.GetProperty("function").GetString());
    }

    [Fact]
    public void Explain_TopologyWithoutFunctions_Exits2()
    {
        var result = CliRunner.Run("explain", "f", "--origin", "35,139", "--topology", "x.yaml");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("--functions", result.Err, StringComparison.Ordinal);
    }

    private (int ExitCode, string Out, string Err) Run(params string[] args) => CliRunner.Run([.. args, .. fixture.Connection]);

    private static string Digest(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("module_digest").GetString()!;
    }
}
