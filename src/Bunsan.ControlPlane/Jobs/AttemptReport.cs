namespace Bunsan.ControlPlane.Jobs;

/// <summary>
/// What came back from one attempt's call to a site: <see cref="AttemptOutcome.Succeeded"/> with the output,
/// <see cref="AttemptOutcome.Failed"/> (final) or <see cref="AttemptOutcome.Refused"/> (try again) with the error code
/// and reason. Never <see cref="AttemptOutcome.Abandoned"/>: only the job decides that.
/// </summary>
[GenerateSerializer, Immutable, Alias("bunsan.attempt-report")]
public sealed record AttemptReport(
    [property: Id(0)] AttemptOutcome Outcome,
    [property: Id(1)] byte[]? Output,
    [property: Id(2)] string? Error,
    [property: Id(3)] string? Reason)
{
    public static AttemptReport Success(byte[] output) => new(AttemptOutcome.Succeeded, output, null, null);

    public static AttemptReport Failure(string error, string reason) => new(AttemptOutcome.Failed, null, error, reason);

    public static AttemptReport Refusal(string error, string reason) => new(AttemptOutcome.Refused, null, error, reason);

    /// <summary>One line for the attempt's record.</summary>
    public string Describe() => Outcome == AttemptOutcome.Succeeded
        ? $"succeeded ({Output?.Length ?? 0} bytes of output)"
        : $"{Error}: {Reason}";
}

/// <summary>What the job made of a report.</summary>
public enum CompletionVerdict
{
    /// <summary>The report is the job's result (succeeded or failed).</summary>
    Recorded,

    /// <summary>The site refused; the job is queued for another attempt.</summary>
    Requeued,

    /// <summary>A newer epoch superseded this attempt: the report was kept as its late result and discarded.</summary>
    Superseded,

    /// <summary>No attempt with this epoch exists, or its late result was already recorded: nothing changed.</summary>
    Ignored,
}
