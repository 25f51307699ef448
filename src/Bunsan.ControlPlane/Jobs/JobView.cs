namespace Bunsan.ControlPlane.Jobs;

/// <summary>A job as <c>GET /v1/jobs/{id}</c> shows it (snake_case JSON): its state, every attempt, and the result once recorded.</summary>
public sealed record JobView(
    string Id,
    string Function,
    string State,
    long Epoch,
    int InputBytes,
    long? DeadlineMs,
    string? IdempotencyKey,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<JobAttemptView> Attempts,
    JobResultView? Result)
{
    public static JobView From(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new JobView(job.Id, job.Request.Function, Lower(job.Status), job.Epoch, job.Request.Input.Length, job.Request.DeadlineMs,
            job.Request.IdempotencyKey, job.SubmittedAt, job.UpdatedAt,
            [.. job.Attempts.Select(a => new JobAttemptView(a.Epoch, a.Site, a.StartedAt, a.LeaseUntil, a.EndedAt,
                a.Outcome is { } outcome ? Lower(outcome) : null, a.Detail, a.LateResult))],
            job.Result is { } r ? new JobResultView(r.Output is null ? null : Convert.ToBase64String(r.Output), r.Error, r.Reason, r.Site, r.Epoch) : null);
    }

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

/// <summary>
/// One attempt: <c>outcome</c> is null while it runs, then succeeded, failed, refused or abandoned;
/// <c>late_result</c> is what an abandoned attempt answered after it was superseded (discarded, never the result).
/// </summary>
public sealed record JobAttemptView(
    long Epoch, string Site, DateTimeOffset StartedAt, DateTimeOffset LeaseUntil, DateTimeOffset? EndedAt, string? Outcome, string? Detail, string? LateResult);

/// <summary>The recorded result: <c>output</c> (base64) when the job succeeded, <c>error</c> and <c>reason</c> when it failed.</summary>
public sealed record JobResultView(string? Output, string? Error, string? Reason, string? Site, long Epoch);
