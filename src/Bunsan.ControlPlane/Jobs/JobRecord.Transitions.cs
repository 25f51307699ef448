using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Bunsan.ControlPlane.Jobs;

/// <summary>
/// The job's state machine, pure (no clock, no storage): queued → running (a new attempt, epoch + 1) → succeeded,
/// failed, or queued again. Every change of a running job names the epoch its caller saw, so two dispatchers that
/// both judged the same attempt dead cannot both start a successor, and a report for an older epoch can never
/// become the result: the result is recorded exactly once.
/// </summary>
public sealed partial record JobRecord
{
    public static JobRecord Submit(string id, JobRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new JobRecord(id, request, FingerprintOf(request), now, JobStatus.Queued, 0, [], null, now);
    }

    /// <summary>
    /// A digest of everything that defines the work, so a resubmission under the same idempotency key can be told
    /// apart from a different request reusing the key.
    /// </summary>
    public static string FingerprintOf(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Function}\n{request.DeadlineMs}\n{request.Input.Length}\n"));
        hash.AppendData(request.Input);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// A new attempt at <paramref name="site"/> with the next epoch, or null when the job is finished, its epoch is no
    /// longer <paramref name="expectedEpoch"/>, it is past its deadline, or it is running and no
    /// <paramref name="supersedeReason"/> says why the current attempt is dead.
    /// </summary>
    public JobRecord? Start(long expectedEpoch, string site, string dispatcher, TimeSpan lease, string? supersedeReason, DateTimeOffset now)
    {
        if (IsFinished || Epoch != expectedEpoch || DeadlineAt <= now || (Status == JobStatus.Running && supersedeReason is null))
        {
            return null;
        }
        DateTimeOffset leaseUntil = now + lease;
        if (DeadlineAt is { } deadline && deadline < leaseUntil)
        {
            leaseUntil = deadline;
        }
        ImmutableArray<JobAttempt> attempts = Status == JobStatus.Running ? EndCurrent(AttemptOutcome.Abandoned, supersedeReason, now) : Attempts;
        var attempt = new JobAttempt(Epoch + 1, site, dispatcher, now, leaseUntil);
        return this with { Status = JobStatus.Running, Epoch = attempt.Epoch, Attempts = attempts.Add(attempt), UpdatedAt = now };
    }

    /// <summary>Gives the running attempt up (its site is gone and no other can take the job yet): queued again. Null when <paramref name="expectedEpoch"/> is stale.</summary>
    public JobRecord? Abandon(long expectedEpoch, string reason, DateTimeOffset now) =>
        Status == JobStatus.Running && Epoch == expectedEpoch
            ? this with { Status = JobStatus.Queued, Attempts = EndCurrent(AttemptOutcome.Abandoned, reason, now), UpdatedAt = now }
            : null;

    /// <summary>Fails an unfinished job for a reason of its own (deadline passed, function removed); a running attempt is abandoned.</summary>
    public JobRecord? Fail(string error, string reason, DateTimeOffset now)
    {
        if (IsFinished)
        {
            return null;
        }
        ImmutableArray<JobAttempt> attempts = Status == JobStatus.Running ? EndCurrent(AttemptOutcome.Abandoned, reason, now) : Attempts;
        return this with { Status = JobStatus.Failed, Attempts = attempts, Result = new JobResult(null, error, reason, Epoch, null), UpdatedAt = now };
    }

    /// <summary>The deadline failure when the job is unfinished and past its deadline; otherwise null.</summary>
    public JobRecord? FailIfPastDeadline(DateTimeOffset now) =>
        !IsFinished && DeadlineAt <= now
            ? Fail("deadline", $"no result within the job's deadline of {Request.DeadlineMs} ms after submission", now)
            : null;

    /// <summary>
    /// Applies what the attempt of <paramref name="epoch"/> answered. Only the current, running attempt can give the
    /// job its result; an older one's report is kept as that attempt's late result and discarded.
    /// After <paramref name="maxAttempts"/> refused attempts the job fails instead of queueing again.
    /// </summary>
    public (JobRecord Next, CompletionVerdict Verdict) Complete(long epoch, AttemptReport report, int maxAttempts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        int index = IndexOf(epoch);
        if (index < 0)
        {
            return (this, CompletionVerdict.Ignored);
        }
        if (epoch != Epoch || Status != JobStatus.Running)
        {
            return Attempts[index].LateResult is null
                ? (this with { Attempts = Attempts.SetItem(index, Attempts[index] with { LateResult = report.Describe() }), UpdatedAt = now }, CompletionVerdict.Superseded)
                : (this, CompletionVerdict.Ignored);
        }
        string? site = Attempts[index].Site;
        ImmutableArray<JobAttempt> attempts = EndCurrent(report.Outcome, report.Describe(), now);
        return report.Outcome switch
        {
            AttemptOutcome.Succeeded => (this with { Status = JobStatus.Succeeded, Attempts = attempts, Result = new JobResult(report.Output ?? [], null, null, epoch, site), UpdatedAt = now }, CompletionVerdict.Recorded),
            AttemptOutcome.Failed => (this with { Status = JobStatus.Failed, Attempts = attempts, Result = new JobResult(null, report.Error, report.Reason, epoch, site), UpdatedAt = now }, CompletionVerdict.Recorded),
            _ when attempts.Length >= maxAttempts => (this with
            {
                Status = JobStatus.Failed,
                Attempts = attempts,
                Result = new JobResult(null, "attempts_exhausted", $"{attempts.Length} attempts, none answered; the last: {report.Describe()}", epoch, site),
                UpdatedAt = now,
            }, CompletionVerdict.Recorded),
            _ => (this with { Status = JobStatus.Queued, Attempts = attempts, UpdatedAt = now }, CompletionVerdict.Requeued),
        };
    }

    /// <summary>
    /// When a queued job whose last attempt was refused may be tried again: <paramref name="first"/> after one refusal,
    /// doubling with each refusal in a row up to <paramref name="max"/>. Null when nothing holds it back. A site that
    /// refuses because its plan or module lags needs a moment, not twenty attempts in four seconds.
    /// </summary>
    public DateTimeOffset? RetryAt(TimeSpan first, TimeSpan max)
    {
        if (Status != JobStatus.Queued || Current is not { Outcome: AttemptOutcome.Refused, EndedAt: { } ended })
        {
            return null;
        }
        int refusals = 0;
        for (int i = Attempts.Length - 1; i >= 0 && Attempts[i].Outcome == AttemptOutcome.Refused; i--)
        {
            refusals++;
        }
        return ended + TimeSpan.FromTicks((long)Math.Min(max.Ticks, first.Ticks * Math.Pow(2, refusals - 1)));
    }

    private ImmutableArray<JobAttempt> EndCurrent(AttemptOutcome outcome, string? detail, DateTimeOffset now) =>
        Attempts.SetItem(Attempts.Length - 1, Attempts[^1] with { EndedAt = now, Outcome = outcome, Detail = detail });

    private int IndexOf(long epoch)
    {
        for (int i = Attempts.Length - 1; i >= 0; i--)
        {
            if (Attempts[i].Epoch == epoch)
            {
                return i;
            }
        }
        return -1;
    }
}
