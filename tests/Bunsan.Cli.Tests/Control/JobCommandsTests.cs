using System.Text.Json;
using Bunsan.Agent.Control;
using Bunsan.ControlPlane.Jobs;
using Bunsan.Core.Geo;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Control;

/// <summary>`bunsan job submit|status|wait` end to end: a real control plane runs jobs on real agents.</summary>
public sealed class JobCommandsTests : IAsyncLifetime
{
    private static readonly GeoPoint Osaka = new(34.69, 135.50);
    private static readonly GeoPoint Tokyo = new(35.68, 139.69);
    private readonly JobFederation _federation = new();
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("bunsan-cli-job-input-");

    private static string Echo => Path.Combine(SharedData.RepoRoot, "examples", "functions", "echo.wat");

    public async ValueTask InitializeAsync() => await _federation.StartControlPlaneAsync();

    [Fact]
    public async Task SubmitThenWait_PrintsWhatTheFunctionComputed()
    {
        ControlledAgent agent = await _federation.StartAgentAsync("edge-osaka", Osaka);
        Deploy("--min", "1");
        // Submitted before the agent has loaded the module, the first attempt would be refused and retried: not this test's point.
        await JobFederation.UntilAsync(() => Task.FromResult(agent.Live.Current.Local.Hosts("echo")));
        string input = InputFile("job input: 日本語 and bytes");

        var submitted = Run("job", "submit", "echo", "--input", input, "--idempotency-key", "cli-order-1");
        var waited = Run("job", "wait", submitted.Out.Trim(), "--timeout", "60");
        var status = Run("job", "status", submitted.Out.Trim(), "--json");
        var resubmitted = Run("job", "submit", "echo", "--input", input, "--idempotency-key", "cli-order-1");

        Assert.True(submitted.ExitCode == 0, submitted.Err);
        Assert.True(waited.ExitCode == 0, waited.Err);
        Assert.Equal("job input: 日本語 and bytes", waited.Out);
        using JsonDocument job = JsonDocument.Parse(status.Out);
        Assert.Equal("succeeded", job.RootElement.GetProperty("state").GetString());
        JsonElement attempt = job.RootElement.GetProperty("attempts").EnumerateArray().Single();
        Assert.Equal(("edge-osaka", 1L, "succeeded"), (attempt.GetProperty("site").GetString(), attempt.GetProperty("epoch").GetInt64(), attempt.GetProperty("outcome").GetString()));
        Assert.Equal(submitted.Out, resubmitted.Out);
    }

    [Fact]
    public async Task ControlPlaneStoppedWithJobsQueued_TheyCompleteAfterItStartsAgain()
    {
        Deploy("--min", "1");
        string[] inputs = ["first", "second", "third"];
        string[] ids = [.. inputs.Select(text => Run("job", "submit", "echo", "--input", InputFile(text)).Out.Trim())];
        Assert.All(ids, id => Assert.True(JobIds.IsWellFormed(id), id));

        await _federation.StopControlPlaneAsync();
        await _federation.StartControlPlaneAsync();
        await _federation.StartAgentAsync("edge-tokyo", Tokyo);

        for (int i = 0; i < ids.Length; i++)
        {
            var waited = Run("job", "wait", ids[i], "--timeout", "60");
            Assert.True(waited.ExitCode == 0, waited.Err);
            Assert.Equal(inputs[i], waited.Out);
        }
    }

    [Fact]
    public async Task SiteDiesMidJob_RunsElsewhereWithAHigherEpoch_AndItsLateResultIsDiscarded()
    {
        var held = new Dictionary<string, HeldExecution> { ["edge-osaka"] = new(), ["edge-tokyo"] = new() };
        var agents = new Dictionary<string, ControlledAgent>
        {
            ["edge-osaka"] = await _federation.StartAgentAsync("edge-osaka", Osaka, held["edge-osaka"]),
            ["edge-tokyo"] = await _federation.StartAgentAsync("edge-tokyo", Tokyo, held["edge-tokyo"]),
        };
        // p50 50 ms: emulated execution outlasts the real one, so every invocation passes through the held gate.
        Deploy("--min", "2", "--max", "2", "--p50-ms", "50", "--p99-ms", "100");
        await JobFederation.UntilAsync(() => Task.FromResult(agents.Values.All(a => a.Live.Current.Local.Hosts("echo"))));
        foreach (HeldExecution gate in held.Values)
        {
            gate.Arm();
        }

        string id = Run("job", "submit", "echo", "--input", InputFile("exactly once")).Out.Trim();
        await JobFederation.UntilAsync(async () => (await _federation.JobAsync(id)).Epoch == 1);
        string dying = (await _federation.JobAsync(id)).Current!.Site;
        string surviving = dying == "edge-osaka" ? "edge-tokyo" : "edge-osaka";
        // Epoch 1 is recorded before the attempt reaches the site: killing it earlier refuses the connection, and no late result could come.
        await JobFederation.UntilAsync(() => Task.FromResult(held[dying].Entered > 0));
        held[surviving].Release();
        // Stopping the agent ends its heartbeats at once; its server drains the held invocation before it exits.
        _federation.Forget(agents[dying]);
        Task dead = agents[dying].DisposeAsync().AsTask();
        await JobFederation.UntilAsync(async () => (await _federation.JobAsync(id)).Status == JobStatus.Succeeded);
        held[dying].Release();
        await dead;
        await JobFederation.UntilAsync(async () => (await _federation.JobAsync(id)).Attempts[0].LateResult is not null);
        JobRecord job = await _federation.JobAsync(id);
        var waited = Run("job", "wait", id);
        var status = Run("job", "status", id);

        Assert.Equal("exactly once", waited.Out);
        Assert.Equal((surviving, 2L), (job.Result!.Site, job.Result.Epoch));
        Assert.Equal([dying, surviving], job.Attempts.Select(a => a.Site));
        Assert.Equal([AttemptOutcome.Abandoned, AttemptOutcome.Succeeded], job.Attempts.Select(a => a.Outcome!.Value));
        Assert.Contains($"site {dying} is down", job.Attempts[0].Detail, StringComparison.Ordinal);
        Assert.Equal("succeeded (12 bytes of output)", job.Attempts[0].LateResult);
        Assert.Contains("state         succeeded   (epoch 2)", status.Out, StringComparison.Ordinal);
        Assert.Contains($"    1  {dying,-20} abandoned  site {dying} is down", status.Out, StringComparison.Ordinal);
        Assert.Contains("(late result discarded: succeeded (12 bytes of output))", status.Out, StringComparison.Ordinal);
        Assert.Contains($"result        12 bytes of output from {surviving}", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void HostileInput_Exits2NamingTheField()
    {
        Deploy("--min", "1");

        (string[] Args, string Expected)[] cases =
        [
            (["job", "status", "../../etc/passwd"], "ID: '../../etc/passwd' is not a job id"),
            (["job", "wait", "0123456789abcdef0123456789abcdef"], "ID: no job 0123456789abcdef0123456789abcdef"),
            (["job", "wait", "0123456789abcdef0123456789abcdef", "--timeout", "-1"], "--timeout: is -1"),
            (["job", "submit", "echo", "--deadline-ms", "-5"], "--deadline-ms: is -5"),
            (["job", "submit", "echo", "--input", Path.Combine(_files.FullName, "missing.bin")], "--input: file"),
            (["job", "submit", "nowhere"], "function 'nowhere' is not deployed"),
            (["job", "submit", "bad/name"], "function 'bad/name' has the character '/'"),
        ];
        foreach ((string[] args, string expected) in cases)
        {
            var result = Run(args);
            Assert.True(result.ExitCode == ExitCodes.BadInput, $"{string.Join(' ', args)}: exit {result.ExitCode}, {result.Err}");
            Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Submit_SameKeyDifferentInput_Exits2NamingTheKey()
    {
        Deploy("--min", "1");

        var first = Run("job", "submit", "echo", "--input", InputFile("a"), "--idempotency-key", "reused");
        var second = Run("job", "submit", "echo", "--input", InputFile("b"), "--idempotency-key", "reused");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(ExitCodes.BadInput, second.ExitCode);
        Assert.Contains("--idempotency-key: idempotency_key 'reused' was used for a different job", second.Err, StringComparison.Ordinal);
    }

    private void Deploy(params string[] options)
    {
        var deployed = Run(["fn", "deploy", "echo", Echo, "--class", "batch", .. options]);
        Assert.True(deployed.ExitCode == 0, deployed.Err);
    }

    private string InputFile(string text)
    {
        string path = Path.Combine(_files.FullName, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        return path;
    }

    private (int ExitCode, string Out, string Err) Run(params string[] args) => CliRunner.Run([.. args, .. _federation.Connection]);

    public async ValueTask DisposeAsync()
    {
        await _federation.DisposeAsync();
        _files.Delete(recursive: true);
    }
}
