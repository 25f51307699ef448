using System.Collections.Concurrent;
using System.Text;
using Bunsan.ControlPlane.Jobs;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Functions;
using Bunsan.Core.Geo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace Bunsan.ControlPlane.Tests.Jobs;

/// <summary>
/// The dispatcher beat by beat on a real test cluster (grains in SQLite) with a manual clock and a scripted invoker:
/// each call waits until the test answers it, so "the site died mid-run" and "its result arrived late" happen exactly
/// when the test says.
/// </summary>
public sealed class JobDispatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan DownAfter = new SiteHealthOptions().DownAfter;
    private readonly ClusterFixture _cluster = new();
    private readonly ScriptedInvoker _invoker = new();

    private IGrainFactory Grains => _cluster.Grains;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task SiteDownMidRun_ReRunsElsewhereWithAHigherEpoch_AndDiscardsTheLateResult()
    {
        await Join("edge-a", 34.69, 135.50);
        await Join("edge-b", 35.68, 139.69);
        await Deploy("echo", replicas: 2);
        JobDispatcher dispatcher = Dispatcher();
        string id = await Submit("echo", "hello");

        await dispatcher.BeatAsync(Cancel);
        JobRecord first = (await Grains.Job(id).GetJob())!;
        string dying = first.Current!.Site;
        string surviving = dying == "edge-a" ? "edge-b" : "edge-a";
        _cluster.Clock.Advance(DownAfter + TimeSpan.FromSeconds(1));
        await Beat(surviving);
        await dispatcher.BeatAsync(Cancel);
        JobRecord second = (await Grains.Job(id).GetJob())!;
        _invoker.Answer(surviving, AttemptReport.Success(Encoding.UTF8.GetBytes("from the survivor")));
        await Until(async () => (await Grains.Job(id).GetJob())!.Status == JobStatus.Succeeded);
        _invoker.Answer(dying, AttemptReport.Success(Encoding.UTF8.GetBytes("late, from the dead")));
        await Until(async () => (await Grains.Job(id).GetJob())!.Attempts[0].LateResult is not null);
        JobRecord done = (await Grains.Job(id).GetJob())!;

        Assert.Equal((JobStatus.Running, 1L), (first.Status, first.Epoch));
        Assert.Equal((JobStatus.Running, 2L, surviving), (second.Status, second.Epoch, second.Current!.Site));
        Assert.Equal("from the survivor", Encoding.UTF8.GetString(done.Result!.Output!));
        Assert.Equal((surviving, 2L), (done.Result.Site, done.Result.Epoch));
        Assert.Equal(AttemptOutcome.Abandoned, done.Attempts[0].Outcome);
        Assert.Contains($"site {dying} is down", done.Attempts[0].Detail, StringComparison.Ordinal);
        Assert.Equal("succeeded (19 bytes of output)", done.Attempts[0].LateResult);
        Assert.Equal([dying, surviving], _invoker.Calls);
        Assert.DoesNotContain(id, await ActiveJobShards.ListAsync(Grains));
    }

    [Fact]
    public async Task NoLiveSite_StaysQueued_ThenRunsWhenOneComesBack()
    {
        await Join("edge-a", 34.69, 135.50);
        await Deploy("echo", replicas: 1);
        JobDispatcher dispatcher = Dispatcher();
        _cluster.Clock.Advance(DownAfter + TimeSpan.FromSeconds(1));
        string id = await Submit("echo", "later");

        await dispatcher.BeatAsync(Cancel);
        JobRecord waiting = (await Grains.Job(id).GetJob())!;
        await Beat("edge-a");
        await dispatcher.BeatAsync(Cancel);
        _invoker.Answer("edge-a", AttemptReport.Success(Encoding.UTF8.GetBytes("later")));
        await Until(async () => (await Grains.Job(id).GetJob())!.Status == JobStatus.Succeeded);

        Assert.Equal((JobStatus.Queued, 0L), (waiting.Status, waiting.Epoch));
        Assert.Single(_invoker.Calls);
    }

    [Fact]
    public async Task Refusal_TriesTheOtherReplicaNext()
    {
        await Join("edge-a", 34.69, 135.50);
        await Join("edge-b", 35.68, 139.69);
        await Deploy("echo", replicas: 2);
        JobDispatcher dispatcher = Dispatcher();
        string id = await Submit("echo", "x");

        await dispatcher.BeatAsync(Cancel);
        string refusing = (await Grains.Job(id).GetJob())!.Current!.Site;
        _invoker.Answer(refusing, AttemptReport.Refusal("busy", "every core is busy"));
        await Until(async () => (await Grains.Job(id).GetJob())!.Status == JobStatus.Queued && dispatcher.InFlightCount == 0);
        await dispatcher.BeatAsync(Cancel);
        JobRecord backingOff = (await Grains.Job(id).GetJob())!;
        _cluster.Clock.Advance(new JobOptions().RetryBackoff);
        await dispatcher.BeatAsync(Cancel);
        JobRecord retried = (await Grains.Job(id).GetJob())!;

        Assert.Equal((JobStatus.Queued, 1L), (backingOff.Status, backingOff.Epoch));
        Assert.Equal(2, retried.Epoch);
        Assert.NotEqual(refusing, retried.Current!.Site);
        Assert.Equal(AttemptOutcome.Refused, retried.Attempts[0].Outcome);
    }

    [Fact]
    public async Task AttemptOfAGoneDispatcher_IsTakenOverAtOnce_NotAfterItsLease()
    {
        await Join("edge-a", 34.69, 135.50);
        await Deploy("echo", replicas: 1);
        string id = await Submit("echo", "orphan");
        // As a control plane that stopped mid-attempt leaves it: running, started by a silo that is no longer a member.
        Assert.NotNull(await Grains.Job(id).Start(0, "edge-a", "S127.0.0.1:1:1", TimeSpan.FromMinutes(10), null));

        await Dispatcher().BeatAsync(Cancel);
        JobRecord resumed = (await Grains.Job(id).GetJob())!;

        Assert.Equal((JobStatus.Running, 2L), (resumed.Status, resumed.Epoch));
        Assert.Equal(AttemptOutcome.Abandoned, resumed.Attempts[0].Outcome);
        Assert.Contains("the dispatcher that started it (S127.0.0.1:1:1) is gone", resumed.Attempts[0].Detail, StringComparison.Ordinal);
        Assert.Equal(["edge-a"], _invoker.Calls);
    }

    [Fact]
    public async Task LeaseExpired_ReRunsTheJob_EvenWithTheSiteAlive()
    {
        await Join("edge-a", 34.69, 135.50);
        await Deploy("echo", replicas: 1);
        JobDispatcher dispatcher = Dispatcher();
        string id = await Submit("echo", "slow");

        await dispatcher.BeatAsync(Cancel);
        _cluster.Clock.Advance(new JobOptions().AttemptLease);
        await Beat("edge-a");
        await dispatcher.BeatAsync(Cancel);
        JobRecord retried = (await Grains.Job(id).GetJob())!;

        Assert.Equal(2, retried.Epoch);
        Assert.StartsWith("its lease expired", retried.Attempts[0].Detail, StringComparison.Ordinal);
    }

    private JobDispatcher Dispatcher()
    {
        IServiceProvider services = _cluster.Cluster.Silos[0].ServiceProvider;
        return new JobDispatcher(services.GetRequiredService<IGrainFactory>(), services.GetRequiredService<LiveSiteTable>(),
            services.GetRequiredService<PlanBroadcaster>(), _invoker, services.GetRequiredService<ControlPlaneClock>(), new JobOptions(),
            services.GetRequiredService<ILocalSiloDetails>(), services.GetRequiredService<IClusterMembershipService>(), NullLogger<JobDispatcher>.Instance);
    }

    private async Task<string> Submit(string function, string input)
    {
        string id = JobIds.NewRandom();
        JobSubmission submitted = await Grains.Job(id).Submit(new JobRequest(function, Encoding.UTF8.GetBytes(input), null, null));
        Assert.True(submitted.Created);
        return id;
    }

    private async Task Join(string id, double lat, double lon)
    {
        SiteRegistration registration = Samples.Osaka with { Name = id, Location = new GeoPoint(lat, lon), Endpoint = new Uri($"http://{id}.invalid:7100") };
        Assert.True((await Grains.Site(id).Register(registration)).Succeeded);
        await Beat(id);
    }

    private async Task Beat(string id) => Assert.True((await Grains.Site(id).Heartbeat(new SiteLoad(0.1, 0, _cluster.Clock.GetUtcNow()))).Succeeded);

    private async Task Deploy(string name, int replicas)
    {
        FunctionSpec spec = Samples.CollisionWarning(name) with { Class = LatencyClass.Batch, MinReplicas = replicas, MaxReplicas = replicas };
        Assert.True((await Grains.Function(name).Deploy(spec, Samples.Digest)).Succeeded);
        Assert.Equal(replicas, (await Grains.Plan().Replan()).Functions.Single().ReplicaSites.Length);
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the job did not get there within 30 s");
            await Task.Delay(20, Cancel);
        }
    }

    /// <summary>An invoker whose calls wait until the test answers them, per site.</summary>
    private sealed class ScriptedInvoker : IJobInvoker
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<AttemptReport>> _pending = new();

        /// <summary>The site of every call, in order.</summary>
        public ConcurrentQueue<string> Calls { get; } = [];

        public Task<AttemptReport> InvokeAsync(JobTarget target, string functionName, byte[] input, double budgetMs, CancellationToken cancellationToken)
        {
            Calls.Enqueue(target.SiteId);
            return Pending(target.SiteId).Task.WaitAsync(cancellationToken);
        }

        public void Answer(string site, AttemptReport report)
        {
            Assert.True(SpinWait.SpinUntil(() => _pending.ContainsKey(site), TimeSpan.FromSeconds(10)), $"no call reached {site}");
            _pending.TryRemove(site, out TaskCompletionSource<AttemptReport>? call);
            call!.SetResult(report);
        }

        private TaskCompletionSource<AttemptReport> Pending(string site) =>
            _pending.GetOrAdd(site, _ => new TaskCompletionSource<AttemptReport>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
