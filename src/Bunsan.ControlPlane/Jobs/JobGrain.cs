namespace Bunsan.ControlPlane.Jobs;

/// <summary>What a job grain stores: the job, or null before a submission.</summary>
[GenerateSerializer, Alias("bunsan.job-state")]
public sealed class JobState
{
    [Id(0)]
    public JobRecord? Job { get; set; }
}

/// <inheritdoc cref="IJobGrain"/>
/// <remarks>
/// Listing order: a submission lists the id before it writes the job, and a finished job is written before it is
/// unlisted. A crash in between leaves a listed id with no job or a listed finished job, which <see cref="Poll"/>
/// cleans up; it never leaves an unfinished job that no list names, which no restart would find again.
/// </remarks>
[GrainType("job")]
public sealed class JobGrain([PersistentState("job")] IPersistentState<JobState> state, ControlPlaneClock clock) : Grain, IJobGrain
{
    private string JobId => this.GetPrimaryKeyString();

    private IActiveJobsGrain ActiveList => GrainFactory.ActiveJobs(JobId);

    public async Task<JobSubmission> Submit(JobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.State.Job is { } existing)
        {
            return existing.Fingerprint == JobRecord.FingerprintOf(request)
                ? new JobSubmission(existing, Created: false, Conflict: false)
                : new JobSubmission(null, Created: false, Conflict: true);
        }
        JobRecord job = JobRecord.Submit(JobId, request, clock.UtcNow);
        await ActiveList.Add(JobId);
        await Save(job);
        return new JobSubmission(job, Created: true, Conflict: false);
    }

    public Task<JobRecord?> GetJob() => Task.FromResult(state.State.Job);

    public async Task<JobRecord?> Poll()
    {
        if (state.State.Job?.FailIfPastDeadline(clock.UtcNow) is { } failed)
        {
            await Save(failed);
        }
        if (state.State.Job is not { IsFinished: false })
        {
            await ActiveList.Remove(JobId);
        }
        return state.State.Job;
    }

    public async Task<JobRecord?> Start(long expectedEpoch, string site, string dispatcher, TimeSpan lease, string? supersedeReason)
    {
        if (state.State.Job?.Start(expectedEpoch, site, dispatcher, lease, supersedeReason, clock.UtcNow) is not { } started)
        {
            return null;
        }
        await Save(started);
        return started;
    }

    public async Task<bool> Abandon(long expectedEpoch, string reason)
    {
        if (state.State.Job?.Abandon(expectedEpoch, reason, clock.UtcNow) is not { } queued)
        {
            return false;
        }
        await Save(queued);
        return true;
    }

    public async Task<bool> Fail(string code, string reason)
    {
        if (state.State.Job?.Fail(code, reason, clock.UtcNow) is not { } failed)
        {
            return false;
        }
        await Save(failed);
        await ActiveList.Remove(JobId);
        return true;
    }

    public async Task<CompletionVerdict> Complete(long epoch, AttemptReport report, int maxAttempts)
    {
        if (state.State.Job is not { } job)
        {
            return CompletionVerdict.Ignored;
        }
        (JobRecord next, CompletionVerdict verdict) = job.Complete(epoch, report, maxAttempts, clock.UtcNow);
        if (!ReferenceEquals(next, job))
        {
            await Save(next);
        }
        if (next.IsFinished)
        {
            await ActiveList.Remove(JobId);
        }
        return verdict;
    }

    /// <summary>Writes the job; memory goes back to the stored record when the write fails.</summary>
    private async Task Save(JobRecord job)
    {
        JobRecord? previous = state.State.Job;
        state.State.Job = job;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Job = previous;
            throw;
        }
    }
}
