using System.Text.Json;
using Bunsan.Cli.Tests.Demo;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Chaos;

/// <summary>`bunsan chaos`: its arguments, and a short real run in which a loaded federation loses its busiest edge replica.</summary>
public sealed class ChaosCommandTests
{
    [Theory]
    [InlineData("--scenario", "kill-everything", "--scenario")]
    [InlineData("--duration", "3s", "--duration")]
    [InlineData("--kill-at", "9", "--kill-at")]
    [InlineData("--kill-at", "0", "--kill-at")]
    [InlineData("--sites", "2", "--sites")]
    [InlineData("--outage", "1s", "--outage")]
    [InlineData("--outage", "soon", "--outage")]
    public void BadArguments_ExitTwo_NamingTheOption(string option, string value, string named)
    {
        string scenario = option == "--outage" ? "control-plane-down" : "kill-agent";
        var (code, _, err) = CliRunner.Run("chaos", "--scenario", scenario, "--duration", "10s", option, value);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(named, err, StringComparison.Ordinal);
    }

    /// <summary>
    /// Four sites, 10 s of load, the busiest edge replica killed with SIGKILL at 5 s: the control plane sees it and
    /// places the realtime function without it during the run, no request that a surviving site could serve is lost
    /// (each gets an answer or an explicit refusal: gateways retry the next replica, clients the next gateway), and
    /// nothing outlives the run. Deadline hits are measured, not asserted: they depend on the machine.
    /// </summary>
    [Fact]
    public void KillAgent_IsDetectedAndPlacedAround_AndLosesNoRequest()
    {
        string work = Directory.CreateTempSubdirectory("bunsan-chaos-test-").FullName;
        try
        {
            var (code, output, err) = CliRunner.Run("chaos", "--sites", "4", "--duration", "10s", "--kill-at", "5",
                "--rate-scale", "0.2", "--work-dir", work, "--json");

            Assert.True(code == ExitCodes.Ok, err);
            using JsonDocument doc = JsonDocument.Parse(output);
            JsonElement report = doc.RootElement;
            string killed = report.GetProperty("killed").EnumerateArray().Single().GetString()!;
            Assert.Contains(killed, report.GetProperty("replicas_before").EnumerateArray().Select(r => r.GetString()));
            Assert.NotEqual(JsonValueKind.Null, report.GetProperty("suspected_ms").ValueKind);
            Assert.NotEqual(JsonValueKind.Null, report.GetProperty("restored_ms").ValueKind);
            string[] after = [.. report.GetProperty("replicas_after").EnumerateArray().Select(r => r.GetString()!)];
            Assert.NotEmpty(after);
            Assert.DoesNotContain(killed, after);
            JsonElement[] windows = [.. report.GetProperty("windows").EnumerateArray()];
            Assert.Contains(windows, w => w.GetProperty("window").GetString() == "all after" && w.GetProperty("feasible").GetInt32() > 0);
            Assert.All(windows, w => Assert.Equal(0, w.GetProperty("lost").GetInt32()));
            Assert.Empty(DemoCommandTests.ProcessesMentioning(work));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The control plane killed for 6 s while four sites serve load, and the busiest edge agent killed and restarted
    /// meanwhile: the restarted agent serves again from its cached plan with no control plane, nothing is lost, and
    /// once the control plane is back every agent rejoins on its own.
    /// </summary>
    [Fact]
    public void ControlPlaneDown_AgentsKeepServing_ARestartedAgentServesItsCache_AndAllRejoin()
    {
        string work = Directory.CreateTempSubdirectory("bunsan-chaos-test-").FullName;
        try
        {
            var (code, output, err) = CliRunner.Run("chaos", "--scenario", "control-plane-down", "--sites", "4", "--duration", "16s",
                "--kill-at", "4", "--outage", "6s", "--rate-scale", "0.2", "--work-dir", work, "--json");

            Assert.True(code == ExitCodes.Ok, err);
            using JsonDocument doc = JsonDocument.Parse(output);
            JsonElement report = doc.RootElement;
            Assert.Equal(6, report.GetProperty("outage_seconds").GetDouble());
            Assert.True(report.GetProperty("agent_serving_ms").GetDouble() > 0);
            Assert.True(report.GetProperty("reconnected_ms").GetDouble() > 0);
            JsonElement[] windows = [.. report.GetProperty("windows").EnumerateArray()];
            Assert.Contains(windows, w => w.GetProperty("window").GetString() == "during the outage" && w.GetProperty("feasible").GetInt32() > 0);
            Assert.All(windows, w => Assert.Equal(0, w.GetProperty("lost").GetInt32()));
            Assert.Empty(DemoCommandTests.ProcessesMentioning(work));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
