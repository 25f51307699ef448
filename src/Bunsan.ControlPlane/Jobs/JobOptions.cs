namespace Bunsan.ControlPlane.Jobs;

/// <summary>How the control plane runs durable jobs.</summary>
public sealed class JobOptions
{
    /// <summary>
    /// How long one attempt may take before it is presumed lost and the job runs elsewhere (its late answer, if any,
    /// is then discarded). Default 30 s: far above any function's execution under the sandbox's CPU limit, so only a
    /// stuck or cut-off site reaches it. From 1 s to 1 h. A job's deadline shortens it.
    /// </summary>
    public TimeSpan AttemptLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the dispatcher looks for jobs to start or to take over. Default 200 ms. From 10 ms to 1 min.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Wait after a refused attempt before the next, doubling with each refusal in a row. Default 200 ms. From 10 ms to 1 min.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between refused attempts. Default 5 s: 20 attempts then span about 80 s. From RetryBackoff to 10 min.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts before a job whose sites keep refusing fails. Default 20. From 1 to 1,000.</summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>Attempts in flight at once from this silo; more queued jobs wait for a slot. Default 64. From 1 to 100,000.</summary>
    public int MaxConcurrentAttempts { get; set; } = 64;

    /// <summary>Every problem, each naming the option and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (AttemptLease < TimeSpan.FromSeconds(1) || AttemptLease > TimeSpan.FromHours(1))
        {
            errors.Add($"Jobs.AttemptLease is {AttemptLease}: use from 00:00:01 to 01:00:00");
        }
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Jobs.PollInterval is {PollInterval}: use from 00:00:00.010 to 00:01:00");
        }
        if (RetryBackoff < TimeSpan.FromMilliseconds(10) || RetryBackoff > TimeSpan.FromMinutes(1))
        {
            errors.Add($"Jobs.RetryBackoff is {RetryBackoff}: use from 00:00:00.010 to 00:01:00");
        }
        if (MaxRetryBackoff < RetryBackoff || MaxRetryBackoff > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Jobs.MaxRetryBackoff is {MaxRetryBackoff}: use from RetryBackoff ({RetryBackoff}) to 00:10:00");
        }
        if (MaxAttempts is < 1 or > 1000)
        {
            errors.Add($"Jobs.MaxAttempts is {MaxAttempts}: use a whole number from 1 to 1000");
        }
        if (MaxConcurrentAttempts is < 1 or > 100_000)
        {
            errors.Add($"Jobs.MaxConcurrentAttempts is {MaxConcurrentAttempts}: use a whole number from 1 to 100000");
        }
        return errors;
    }
}
