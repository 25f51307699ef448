using System.Text;
using Bunsan.ControlPlane.Jobs;

namespace Bunsan.ControlPlane.Tests.Jobs;

/// <summary>The job grain on a real test cluster over SQLite: what it acknowledged survives a killed silo; the active list stays honest.</summary>
public sealed class JobGrainTests : IAsyncLifetime
{
    private readonly ClusterFixture _cluster = new();

    private IGrainFactory Grains => _cluster.Grains;

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Submit_ThenSiloKilled_TheJobAndItsListingSurvive()
    {
        string id = JobIds.FromIdempotencyKey("killed-" + Guid.NewGuid());
        var request = new JobRequest("echo", Encoding.UTF8.GetBytes("durable"), 5_000, "killed");

        JobSubmission submitted = await Grains.Job(id).Submit(request);
        await _cluster.KillAndRestartAsync();
        JobRecord? read = await Grains.Job(id).GetJob();
        JobSubmission again = await Grains.Job(id).Submit(request);
        JobSubmission reused = await Grains.Job(id).Submit(request with { Input = [1] });

        Assert.True(submitted.Created);
        Assert.Equal(submitted.Job!.Fingerprint, read!.Fingerprint);
        Assert.Equal((JobStatus.Queued, "durable"), (read.Status, Encoding.UTF8.GetString(read.Request.Input)));
        Assert.Contains(id, await ActiveJobShards.ListAsync(Grains));
        Assert.Equal((false, false, id), (again.Created, again.Conflict, again.Job!.Id));
        Assert.Equal((false, true, null), (reused.Created, reused.Conflict, reused.Job));
    }

    [Fact]
    public async Task Poll_ListedIdWithNoJob_UnlistsIt()
    {
        // What a crash between listing an id and writing its job leaves behind.
        string id = JobIds.NewRandom();
        await Grains.ActiveJobs(id).Add(id);

        JobRecord? polled = await Grains.Job(id).Poll();

        Assert.Null(polled);
        Assert.DoesNotContain(id, await ActiveJobShards.ListAsync(Grains));
    }

    [Fact]
    public async Task Poll_PastTheDeadline_FailsAndUnlistsTheJob()
    {
        string id = JobIds.NewRandom();
        await Grains.Job(id).Submit(new JobRequest("echo", [], 1_000, null));

        _cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        JobRecord failed = (await Grains.Job(id).Poll())!;

        Assert.Equal((JobStatus.Failed, "deadline"), (failed.Status, failed.Result!.Error));
        Assert.DoesNotContain(id, await ActiveJobShards.ListAsync(Grains));
        Assert.False(await Grains.Job(id).Fail("late", "already finished"));
    }
}
