using System.Text;
using Bunsan.ControlPlane.Jobs;

namespace Bunsan.ControlPlane.Tests.Jobs;

/// <summary>The job state machine alone: epochs, fencing, retries, deadlines. No clock but the times passed in.</summary>
public sealed class JobRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static JobRecord Queued(long? deadlineMs = null) =>
        JobRecord.Submit("0123456789abcdef0123456789abcdef", new JobRequest("echo", Encoding.UTF8.GetBytes("hello"), deadlineMs, null), T0);

    [Fact]
    public void Start_Queued_RunsWithTheNextEpochAndALease()
    {
        JobRecord running = Queued().Start(0, "edge-a", "silo-1", Lease, null, T0.AddSeconds(1))!;

        Assert.Equal(JobStatus.Running, running.Status);
        Assert.Equal(1, running.Epoch);
        Assert.Equal(new JobAttempt(1, "edge-a", "silo-1", T0.AddSeconds(1), T0.AddSeconds(31)), running.Current);
    }

    [Fact]
    public void Start_StaleEpochOrRunningWithoutReason_IsRefused()
    {
        JobRecord running = Queued().Start(0, "edge-a", "silo-1", Lease, null, T0)!;

        Assert.Null(Queued().Start(1, "edge-a", "silo-1", Lease, null, T0));
        Assert.Null(running.Start(1, "edge-b", "silo-1", Lease, null, T0));
        Assert.Null(running.Start(0, "edge-b", "silo-1", Lease, "site edge-a is down", T0));
    }

    [Fact]
    public void Complete_SupersededAttempt_IsDiscardedAndTheResultIsRecordedOnce()
    {
        JobRecord first = Queued().Start(0, "edge-a", "silo-1", Lease, null, T0)!;
        JobRecord second = first.Start(1, "edge-b", "silo-1", Lease, "site edge-a is down (no heartbeat)", T0.AddSeconds(5))!;

        (JobRecord done, CompletionVerdict recorded) = second.Complete(2, AttemptReport.Success(Encoding.UTF8.GetBytes("from b")), 20, T0.AddSeconds(6));
        (JobRecord late, CompletionVerdict superseded) = done.Complete(1, AttemptReport.Success(Encoding.UTF8.GetBytes("from a")), 20, T0.AddSeconds(7));
        (JobRecord again, CompletionVerdict ignored) = late.Complete(1, AttemptReport.Success(Encoding.UTF8.GetBytes("from a")), 20, T0.AddSeconds(8));

        Assert.Equal((CompletionVerdict.Recorded, CompletionVerdict.Superseded, CompletionVerdict.Ignored), (recorded, superseded, ignored));
        Assert.Equal(JobStatus.Succeeded, late.Status);
        Assert.Equal("from b", Encoding.UTF8.GetString(late.Result!.Output!));
        Assert.Equal(("edge-b", 2L), (late.Result.Site, late.Result.Epoch));
        Assert.Equal(AttemptOutcome.Abandoned, late.Attempts[0].Outcome);
        Assert.Equal("site edge-a is down (no heartbeat)", late.Attempts[0].Detail);
        Assert.Equal("succeeded (6 bytes of output)", late.Attempts[0].LateResult);
        Assert.Same(late, again);
    }

    [Fact]
    public void Complete_SupersededBeforeTheNewAttemptAnswers_DoesNotFinishTheJob()
    {
        JobRecord second = Queued().Start(0, "edge-a", "silo-1", Lease, null, T0)!.Start(1, "edge-b", "silo-1", Lease, "its lease expired", T0.AddSeconds(31))!;

        (JobRecord next, CompletionVerdict verdict) = second.Complete(1, AttemptReport.Success([1, 2, 3]), 20, T0.AddSeconds(32));

        Assert.Equal(CompletionVerdict.Superseded, verdict);
        Assert.Equal(JobStatus.Running, next.Status);
        Assert.Null(next.Result);
        Assert.Equal(2, next.Epoch);
    }

    [Fact]
    public void Complete_Refusal_QueuesAgainUntilAttemptsRunOut()
    {
        JobRecord job = Queued();
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            (job, CompletionVerdict verdict) = job.Start(job.Epoch, "edge-a", "silo-1", Lease, null, T0)!.Complete(attempt, AttemptReport.Refusal("busy", "all cores busy"), 3, T0);
            Assert.Equal(attempt < 3 ? CompletionVerdict.Requeued : CompletionVerdict.Recorded, verdict);
        }

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal("attempts_exhausted", job.Result!.Error);
        Assert.Contains("busy: all cores busy", job.Result.Reason, StringComparison.Ordinal);
        Assert.All(job.Attempts, a => Assert.Equal(AttemptOutcome.Refused, a.Outcome));
    }

    [Fact]
    public void RetryAt_DoublesWithEachRefusalInARow_UpToTheCap()
    {
        JobRecord job = Queued();
        var retryAts = new List<DateTimeOffset?>();
        for (int attempt = 1; attempt <= 4; attempt++)
        {
            (job, _) = job.Start(job.Epoch, "edge-a", "silo-1", Lease, null, T0)!.Complete(attempt, AttemptReport.Refusal("busy", "busy"), 20, T0);
            retryAts.Add(job.RetryAt(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500)));
        }

        Assert.Equal([T0.AddMilliseconds(200), T0.AddMilliseconds(400), T0.AddMilliseconds(500), T0.AddMilliseconds(500)], retryAts);
        Assert.Null(Queued().RetryAt(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)));
        Assert.Null(job.Start(job.Epoch, "edge-b", "silo-1", Lease, null, T0)!.RetryAt(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Complete_FinalFailure_FailsTheJobWithTheSitesReason()
    {
        JobRecord running = Queued().Start(0, "edge-a", "silo-1", Lease, null, T0)!;

        (JobRecord failed, CompletionVerdict verdict) = running.Complete(1, AttemptReport.Failure("trap", "wasm trap: unreachable"), 20, T0);

        Assert.Equal(CompletionVerdict.Recorded, verdict);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(("trap", "wasm trap: unreachable", "edge-a"), (failed.Result!.Error, failed.Result.Reason, failed.Result.Site));
    }

    [Fact]
    public void Deadline_ShortensTheLeaseAndFailsTheJobOncePassed()
    {
        JobRecord running = Queued(deadlineMs: 2_000).Start(0, "edge-a", "silo-1", Lease, null, T0)!;

        Assert.Equal(T0.AddSeconds(2), running.Current!.LeaseUntil);
        Assert.Null(running.FailIfPastDeadline(T0.AddSeconds(1)));
        JobRecord failed = running.FailIfPastDeadline(T0.AddSeconds(2))!;
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal("deadline", failed.Result!.Error);
        Assert.Equal(AttemptOutcome.Abandoned, failed.Attempts[0].Outcome);
        Assert.Null(Queued(deadlineMs: 2_000).Start(0, "edge-a", "silo-1", Lease, null, T0.AddSeconds(3)));
    }

    [Fact]
    public void Abandon_RunningAttempt_QueuesWithTheAttemptRecorded()
    {
        JobRecord running = Queued().Start(0, "edge-a", "silo-1", Lease, null, T0)!;

        JobRecord queued = running.Abandon(1, "site edge-a left the federation", T0.AddSeconds(2))!;

        Assert.Equal((JobStatus.Queued, 1L), (queued.Status, queued.Epoch));
        Assert.Equal(AttemptOutcome.Abandoned, queued.Attempts.Single().Outcome);
        Assert.Null(running.Abandon(2, "stale", T0));
        Assert.Equal(2, queued.Start(1, "edge-b", "silo-1", Lease, null, T0.AddSeconds(3))!.Epoch);
    }

    [Fact]
    public void Fingerprint_DiffersWithAnyPartOfTheRequest()
    {
        var request = new JobRequest("echo", [1, 2], 100, "k");

        Assert.Equal(JobRecord.FingerprintOf(request), JobRecord.FingerprintOf(request with { Input = [1, 2] }));
        Assert.Equal(JobRecord.FingerprintOf(request), JobRecord.FingerprintOf(request with { IdempotencyKey = "other" }));
        Assert.NotEqual(JobRecord.FingerprintOf(request), JobRecord.FingerprintOf(request with { Input = [1, 3] }));
        Assert.NotEqual(JobRecord.FingerprintOf(request), JobRecord.FingerprintOf(request with { Function = "echo2" }));
        Assert.NotEqual(JobRecord.FingerprintOf(request), JobRecord.FingerprintOf(request with { DeadlineMs = null }));
    }

    [Fact]
    public void JobIds_FromTheSameKeyAgree_AndRandomOnesAreWellFormed()
    {
        Assert.Equal(JobIds.FromIdempotencyKey("order-1"), JobIds.FromIdempotencyKey("order-1"));
        Assert.NotEqual(JobIds.FromIdempotencyKey("order-1"), JobIds.FromIdempotencyKey("order-2"));
        Assert.True(JobIds.IsWellFormed(JobIds.NewRandom()));
        Assert.True(JobIds.IsWellFormed(JobIds.FromIdempotencyKey("order-1")));
        Assert.False(JobIds.IsWellFormed("0123456789ABCDEF0123456789ABCDEF"));
        Assert.False(JobIds.IsWellFormed("../../etc/passwd"));
    }
}
