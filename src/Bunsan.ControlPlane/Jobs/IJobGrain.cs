namespace Bunsan.ControlPlane.Jobs;

/// <summary>The answer to a submission: the job (new or the one its idempotency key already names), or the conflict.</summary>
[GenerateSerializer, Immutable, Alias("bunsan.job-submission")]
public sealed record JobSubmission(
    [property: Id(0)] JobRecord? Job,
    [property: Id(1)] bool Created,
    [property: Id(2)] bool Conflict);

/// <summary>
/// One durable job, keyed by its id (<see cref="JobIds"/>; see <see cref="ControlPlaneGrains.Job"/>). Every change is
/// stored before the call returns. Calls that act on a running job name the epoch the caller saw (the fencing token):
/// a stale epoch changes nothing.
/// </summary>
[Alias("bunsan.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Stores the job (queued) and lists it for the dispatcher; the same body again returns the stored job, a different one is a conflict.</summary>
    [Alias("submit")]
    Task<JobSubmission> Submit(JobRequest request);

    /// <summary>The job, or null when there is none with this id.</summary>
    [Alias("get")]
    Task<JobRecord?> GetJob();

    /// <summary>
    /// The dispatcher's look at the job: fails it when past its deadline, and unlists it when finished or absent
    /// (in the grain's own turn, so no submission can slip between the look and the unlisting).
    /// </summary>
    [Alias("poll")]
    Task<JobRecord?> Poll();

    /// <summary>Starts a new attempt (epoch + 1, stored first); null when the job moved on from <paramref name="expectedEpoch"/> or cannot start.</summary>
    [Alias("start")]
    Task<JobRecord?> Start(long expectedEpoch, string site, string dispatcher, TimeSpan lease, string? supersedeReason);

    /// <summary>Gives up the running attempt of <paramref name="expectedEpoch"/> (queued again); false when stale.</summary>
    [Alias("abandon")]
    Task<bool> Abandon(long expectedEpoch, string reason);

    /// <summary>Fails the unfinished job for a reason outside any attempt (its function was removed); false when already finished.</summary>
    [Alias("fail")]
    Task<bool> Fail(string code, string reason);

    /// <summary>Records what the attempt of <paramref name="epoch"/> answered (see <see cref="JobRecord.Complete"/>).</summary>
    [Alias("complete")]
    Task<CompletionVerdict> Complete(long epoch, AttemptReport report, int maxAttempts);
}
