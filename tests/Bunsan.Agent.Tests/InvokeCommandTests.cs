using System.Text.Json;
using Bunsan.Cli;

namespace Bunsan.Agent.Tests;

/// <summary>`bunsan invoke` against real agents: output bytes, --json, exit 1 with the reason on a deadline error, exit 2 on bad input.</summary>
[Collection(SharedAgentFederation.Name)]
public sealed class InvokeCommandTests(AgentFederation federation)
{
    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = BunsanCli.Run(["invoke", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string At(string site) => federation.Endpoints[site].ToString();

    [Fact]
    public void Invoke_Echo_PrintsTheOutput()
    {
        var (code, output, _) = Invoke("echo", "--at", At("tokyo"), "--data", "こんにちは");

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("こんにちは", output);
    }

    [Fact]
    public void Invoke_Json_ReportsTheServingSiteAndTimings()
    {
        var (code, output, _) = Invoke("echo", "--at", At("tokyo"), "--origin", "33.59,130.40", "--data", "hi", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        JsonElement report = JsonDocument.Parse(output).RootElement;
        // Which replica answers is the router's business (tested in GatewayIntegrationTests); with the shared federation's
        // other tests loading Fukuoka, power-of-two-choices may pick another replica inside the 2 s budget.
        Assert.Contains(report.GetProperty("site").GetString(), federation.Endpoints.Keys);
        Assert.Equal(200, report.GetProperty("status").GetInt32());
        Assert.Equal("hi", report.GetProperty("output").GetString());
        Assert.True(report.GetProperty("exec_ms").GetDouble() >= 0);
        double connectMs = report.GetProperty("connect_ms").GetDouble();
        double requestMs = report.GetProperty("request_ms").GetDouble();
        Assert.True(connectMs > 0 && requestMs > 0, output);
        Assert.Equal(connectMs + requestMs, report.GetProperty("latency_ms").GetDouble(), 0.002);
    }

    [Fact]
    public void Invoke_DataFromFile_SendsItsBytes()
    {
        string file = Path.GetTempFileName();
        File.WriteAllBytes(file, BitConverter.GetBytes(100));
        try
        {
            var (code, output, _) = Invoke("primes", "--at", At("sendai"), "--data", "@" + file, "--json");

            Assert.Equal(ExitCodes.Ok, code);
            // 25 primes below 100, as little-endian u32 bytes: not text, so base64.
            Assert.Equal(Convert.ToBase64String(BitConverter.GetBytes(25)), JsonDocument.Parse(output).RootElement.GetProperty("output_base64").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Invoke_DeadlineNoSiteCanMeet_ExitsOneWithTheReason()
    {
        var (code, _, error) = Invoke("slow", "--at", At("nagoya"), "--deadline-ms", "2000");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Contains("error: 503 from nagoya: no replica of slow can answer", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--at", "ftp://x", "--at: 'ftp://x' is not an http(s) URL")]
    [InlineData("--origin", "95,0", "--origin: ")]
    [InlineData("--deadline-ms", "-1", "--deadline-ms: is -1")]
    [InlineData("--data", "@/no/such/file", "--data: file '/no/such/file' does not exist")]
    public void Invoke_BadInput_ExitsTwoNamingTheOption(string option, string value, string message)
    {
        var (code, _, error) = Invoke("echo", option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
