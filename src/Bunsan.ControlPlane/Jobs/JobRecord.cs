using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Jobs;

/// <summary>Where a job stands. Succeeded and failed are final: nothing changes a finished job again.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>How one attempt ended.</summary>
public enum AttemptOutcome
{
    /// <summary>The function ran and its output is the job's result.</summary>
    Succeeded,

    /// <summary>The function failed in a way every site would repeat (trap, CPU or memory limit): the job failed.</summary>
    Failed,

    /// <summary>The site refused or could not be reached (busy, admission, no module yet, connection lost): the job is queued again.</summary>
    Refused,

    /// <summary>Superseded by a newer epoch (the site went down, the lease expired, or the dispatcher holding it is gone).</summary>
    Abandoned,
}

/// <summary>
/// One attempt: the site it was sent to and its lease epoch (the fencing token), stored before the call is made.
/// <see cref="LateResult"/> records what an abandoned attempt still answered: it is kept for the record and never
/// becomes the job's result.
/// </summary>
[GenerateSerializer, Immutable, Alias("bunsan.job-attempt")]
public sealed record JobAttempt(
    [property: Id(0)] long Epoch,
    [property: Id(1)] string Site,
    [property: Id(2)] string Dispatcher,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset LeaseUntil,
    [property: Id(5)] DateTimeOffset? EndedAt = null,
    [property: Id(6)] AttemptOutcome? Outcome = null,
    [property: Id(7)] string? Detail = null,
    [property: Id(8)] string? LateResult = null);

/// <summary>A finished job's result: the function's output, or the error that failed the job; recorded once.</summary>
[GenerateSerializer, Immutable, Alias("bunsan.job-result")]
public sealed record JobResult(
    [property: Id(0)] byte[]? Output,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Reason,
    [property: Id(3)] long Epoch,
    [property: Id(4)] string? Site);

/// <summary>What a client asked for: validated by the API before it reaches a grain.</summary>
[GenerateSerializer, Immutable, Alias("bunsan.job-request")]
public sealed record JobRequest(
    [property: Id(0)] string Function,
    [property: Id(1)] byte[] Input,
    [property: Id(2)] long? DeadlineMs,
    [property: Id(3)] string? IdempotencyKey);

/// <summary>
/// A durable job, immutable: every transition (<c>JobRecord.Transitions.cs</c>) returns a new record, so a grain whose
/// write fails keeps the old one and memory never claims what storage does not hold. <see cref="Epoch"/> is the
/// newest attempt's lease epoch (0 before the first).
/// </summary>
[GenerateSerializer, Immutable, Alias("bunsan.job")]
public sealed partial record JobRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] JobRequest Request,
    [property: Id(2)] string Fingerprint,
    [property: Id(3)] DateTimeOffset SubmittedAt,
    [property: Id(4)] JobStatus Status,
    [property: Id(5)] long Epoch,
    [property: Id(6)] ImmutableArray<JobAttempt> Attempts,
    [property: Id(7)] JobResult? Result,
    [property: Id(8)] DateTimeOffset UpdatedAt)
{
    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed;

    /// <summary>When the job fails unless it has a result; null when the request set no deadline.</summary>
    public DateTimeOffset? DeadlineAt => Request.DeadlineMs is { } ms ? SubmittedAt.AddMilliseconds(ms) : null;

    /// <summary>The attempt with the newest epoch, or null before the first.</summary>
    public JobAttempt? Current => Attempts.IsDefaultOrEmpty ? null : Attempts[^1];
}
