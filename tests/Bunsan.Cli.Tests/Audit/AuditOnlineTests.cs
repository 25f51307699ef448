using System.Text.Json;
using Bunsan.Cli.Tests.Control;
using Bunsan.Tests;
using static Bunsan.Cli.Tests.CliRunner;

namespace Bunsan.Cli.Tests.Audit;

/// <summary>`bunsan audit checkpoint | entries | verify` against real control planes, including a forked one.</summary>
public sealed class AuditOnlineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunsan-audit-online-").FullName;

    private string State => Path.Combine(_dir, "audit-state.json");

    private string Data(string name) => Path.Combine(_dir, name);

    [Fact]
    public async Task DeployThenVerify_Passes_AndTheNextVerifyProvesConsistencyWithTheSavedCheckpoint()
    {
        await using LedgerServer server = await LedgerServer.StartAsync(Data("a"));
        var deployed = Run(["fn", "deploy", "audit-echo", Path.Combine(SharedData.RepoRoot, "examples", "functions", "echo.wat"), "--class", "batch", .. server.Connection]);
        Assert.True(deployed.ExitCode == 0, deployed.Err);

        var first = Run(["audit", "verify", "--key", server.VerifierKey, "--state", State, .. server.Connection]);
        Assert.True(first.ExitCode == 0, first.Out + first.Err);
        Assert.Contains("trusted on first use", first.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(State));

        await server.AppendRemovals("later", 5);
        var second = Run(["audit", "verify", "--key", server.VerifierKey, "--state", State, "--json", .. server.Connection]);
        Assert.True(second.ExitCode == 0, second.Out + second.Err);
        using JsonDocument verdict = JsonDocument.Parse(second.Out);
        Assert.True(verdict.RootElement.GetProperty("valid").GetBoolean());
        Assert.Contains("consistent with the checkpoint of size", verdict.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("5 entries proven included", verdict.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        var entries = Run(["audit", "entries", "--kind", "function.deployed", "--where", "function=audit-echo", .. server.Connection]);
        Assert.Equal(0, entries.ExitCode);
        string line = Assert.Single(entries.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"module_digest\":\"sha256:", line, StringComparison.Ordinal);

        var checkpoint = Run(["audit", "checkpoint", .. server.Connection]);
        Assert.Equal(0, checkpoint.ExitCode);
        Assert.StartsWith(server.Server.Ledger.Store.GetCheckpoint().Note, checkpoint.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "shrank")]
    [InlineData(3, "same size")]
    [InlineData(6, "does not extend")]
    public async Task AForkUnderTheSameKey_IsDetectedFromTheSavedState_Exit1(int forkEntries, string expected)
    {
        string key;
        await using (LedgerServer original = await LedgerServer.StartAsync(Data("original")))
        {
            await original.AppendRemovals("original", 3);
            key = original.VerifierKey;
            Assert.Equal(0, Run(["audit", "verify", "--key", key, "--state", State, .. original.Connection]).ExitCode);
        }
        // The operator (or an intruder with the key) starts over with a fresh log signed by the same key.
        Directory.CreateDirectory(Data("fork"));
        File.Copy(LedgerServer.KeyFile(Data("original")), LedgerServer.KeyFile(Data("fork")));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(LedgerServer.KeyFile(Data("fork")), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await using LedgerServer fork = await LedgerServer.StartAsync(Data("fork"));
        await fork.AppendRemovals("rewritten", forkEntries);
        Assert.Equal(key, fork.VerifierKey);

        var result = Run(["audit", "verify", "--key", key, "--state", State, .. fork.Connection]);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("invalid: ", result.Out, StringComparison.Ordinal);
        Assert.Contains(expected, result.Out, StringComparison.Ordinal);
        // The state still holds the original checkpoint: a failed verify must not teach the client the fork.
        Assert.Equal(1, Run(["audit", "verify", "--key", key, "--state", State, .. fork.Connection]).ExitCode);
    }

    [Fact]
    public async Task AnotherLogsKey_IsInvalid_Exit1()
    {
        await using LedgerServer a = await LedgerServer.StartAsync(Data("a"));
        await using LedgerServer b = await LedgerServer.StartAsync(Data("b"));

        var result = Run(["audit", "verify", "--key", b.VerifierKey, "--state", State, .. a.Connection]);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("invalid: checkpoint:", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(State));
    }

    [Fact]
    public async Task ServedEntriesAltered_InclusionFails_Exit1()
    {
        await using LedgerServer server = await LedgerServer.StartAsync(Data("a"));
        await server.AppendRemovals("honest", 4);
        using var proxy = new TamperingProxy(server.Server.ApiUri, TamperingProxy.AlterEntries("honest-2", "honest-X"));

        var result = Run(["audit", "verify", "--key", server.VerifierKey, "--state", State, "--control", proxy.Uri.ToString(), "--token", server.Token]);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("entry 2 is not in the checkpoint", result.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(State));
    }

    public static TheoryData<string, string, string, string> HostileAnswers => new()
    {
        // path fragment, what the lying server answers instead, where the reason appears, what it says
        { "/checkpoint", "bunsan/x\n1\nAAAA\n\n— bunsan/x AAAA\n", "Out", "invalid: checkpoint:" },
        { "/checkpoint", "", "Out", "invalid: checkpoint:" },
        { "/entries", "not json", "Err", "malformed ledger response" },
        { "/entries", "{\"size\":4,\"entries\":[{\"index\":1,\"entry\":\"AA==\"}]}", "Err", "expected entry 0" },
        { "/entries", "{\"size\":4,\"entries\":[]}", "Err", "none served" },
        { "/entries", "{\"size\":4,\"entries\":[{\"index\":0,\"entry\":\"!!\"}]}", "Err", "expected entry 0" },
        { "/proof/inclusion", "{\"proof\":[\"zz\"]}", "Err", "64 hex digits" },
        { "/proof/inclusion", "{\"proof\":\"00\"}", "Err", "array \"proof\"" },
        { "/proof/inclusion", "{\"proof\":[]}", "Out", "entry 0 is not in the checkpoint" },
    };

    [Theory]
    [MemberData(nameof(HostileAnswers))]
    public async Task HostileAnswers_AreRejectedWithTheReason_Exit1_AndNothingIsSaved(string path, string answer, string stream, string expected)
    {
        await using LedgerServer server = await LedgerServer.StartAsync(Data("a"));
        await server.AppendRemovals("honest", 4);
        using var proxy = new TamperingProxy(server.Server.ApiUri, (p, body) => p.Contains(path, StringComparison.Ordinal) ? answer : body);

        var result = Run(["audit", "verify", "--key", server.VerifierKey, "--state", State, "--control", proxy.Uri.ToString(), "--token", server.Token]);

        Assert.True(result.ExitCode == ExitCodes.Failed, result.Out + result.Err);
        Assert.Contains(expected, stream == "Out" ? result.Out : result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(State));
    }

    [Fact]
    public async Task BadInput_Exits2NamingTheOption()
    {
        await using LedgerServer server = await LedgerServer.StartAsync(Data("a"));
        await server.AppendRemovals("x", 1);
        File.WriteAllText(Data("broken.json"), "{\"bunsan/x\": {\"size\": -1}}");

        AssertBad(Run(["audit", "verify", "--key", "not-a-key", "--state", State, .. server.Connection]), "--key");
        AssertBad(Run(["audit", "verify", "--key", server.VerifierKey, "--state", Data("broken.json"), .. server.Connection]), "--state");
        AssertBad(Run(["audit", "verify", "--key", server.VerifierKey, "--state", State, "--index", "7", .. server.Connection]), "--index");
        AssertBad(Run(["audit", "verify", "--key", server.VerifierKey, "--state", State, "--index", "-1", .. server.Connection]), "--index");
        AssertBad(Run(["audit", "entries", "--since", "1e3", .. server.Connection]), "--since");
        AssertBad(Run(["audit", "entries", "--where", "function", .. server.Connection]), "--where");
        AssertBad(Run(["audit", "checkpoint", "--control", server.Server.ApiUri.ToString(), "--token", "bsn_admin_wrong"]), "--token");
    }

    [Fact]
    public void NoControlPlane_Exits1WithTheFix()
    {
        var result = Run("audit", "checkpoint", "--control", $"http://127.0.0.1:{LoopbackPorts.Free()}", "--token", "t");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("cannot reach the control plane", result.Err, StringComparison.Ordinal);
    }

    private static void AssertBad((int ExitCode, string Out, string Err) result, string option)
    {
        Assert.True(result.ExitCode == ExitCodes.BadInput, result.Out + result.Err);
        Assert.Contains($"error: {option}:", result.Err, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
