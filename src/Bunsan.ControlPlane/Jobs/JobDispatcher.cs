using System.Collections.Concurrent;
using System.Collections.Immutable;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Jobs;

/// <summary>
/// Runs durable jobs: every beat it walks the unfinished jobs, starts an attempt for each queued one at the best live
/// replica of its function (<see cref="JobTargets"/>), and takes over a running one whose attempt is dead — its site
/// went down or left, its lease expired, or the dispatcher that started it is gone (a stopped or restarted control
/// plane: jobs resume at once, not after a lease). Taking over stores a new epoch before the new call; when the old
/// call still answers, the job discards that answer (<see cref="JobRecord.Complete"/>). So the result is recorded
/// exactly once, while execution is at least once: a presumed-dead site may well have run the function too.
/// </summary>
public sealed partial class JobDispatcher(
    IGrainFactory grains,
    LiveSiteTable sites,
    PlanBroadcaster plans,
    IJobInvoker invoker,
    ControlPlaneClock clock,
    JobOptions options,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    ILogger<JobDispatcher> logger) : BackgroundService
{
    /// <summary>Jobs looked at concurrently in one beat: enough to keep up with a backlog, few enough not to flood the silo.</summary>
    private const int PollBatch = 64;

    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
    private readonly string _self = silo.SiloAddress.ToParsableString();
    private int _beats;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval, clock.Time);
        do
        {
            try
            {
                await BeatAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogBeatFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Attempts this dispatcher is waiting on (tests wait for a finished call to leave).</summary>
    internal int InFlightCount => _inFlight.Count;

    /// <summary>One pass over the unfinished jobs (tests drive the dispatcher beat by beat through it).</summary>
    internal async Task BeatAsync(CancellationToken stoppingToken)
    {
        ImmutableArray<string> ids = await ActiveJobShards.ListAsync(grains).ConfigureAwait(false);
        if (ids.IsEmpty)
        {
            return;
        }
        LiveTopology live = await sites.CaptureAsync().ConfigureAwait(false);
        FederationPlan plan = plans.Latest ?? await grains.Plan().Current().ConfigureAwait(false);
        DateTimeOffset now = clock.UtcNow;
        // Attempts in flight here whose site and lease are fine need no grain call, and while every slot is taken
        // neither do queued jobs: with a backlog of 10,000 that is one dictionary look-up per job and beat instead of
        // one grain call. The walk starts one step further each beat, so no job waits behind the same ids forever.
        bool full = _inFlight.Count >= options.MaxConcurrentAttempts;
        int start = (int)(unchecked((uint)Interlocked.Increment(ref _beats)) % (uint)ids.Length);
        string[] toPoll = [.. ids.Skip(start).Concat(ids.Take(start))
            .Where(id => _inFlight.TryGetValue(id, out InFlight? f) ? f.DeadReason(live, now) is not null : !full)];
        foreach (string[] batch in toPoll.Chunk(PollBatch))
        {
            await Task.WhenAll(batch.Select(id => ConsiderAsync(id, live, plan, stoppingToken))).ConfigureAwait(false);
        }
    }

    private async Task ConsiderAsync(string id, LiveTopology live, FederationPlan plan, CancellationToken stoppingToken)
    {
        IJobGrain grain = grains.Job(id);
        if (await grain.Poll().ConfigureAwait(false) is not { IsFinished: false } job)
        {
            return;
        }
        if (job.RetryAt(options.RetryBackoff, options.MaxRetryBackoff) > clock.UtcNow)
        {
            return;
        }
        string? supersede = null;
        if (job.Status == JobStatus.Running)
        {
            supersede = WhyDead(id, job.Current!, live);
            if (supersede is null)
            {
                return;
            }
        }
        if (!plan.Functions.Any(f => f.Spec.Name == job.Request.Function) && await grains.Function(job.Request.Function).GetDeployment().ConfigureAwait(false) is null)
        {
            await grain.Fail("function_removed", $"function {job.Request.Function} is no longer deployed").ConfigureAwait(false);
            return;
        }
        if (job.Attempts.Length >= options.MaxAttempts)
        {
            await grain.Fail("attempts_exhausted", $"{job.Attempts.Length} attempts, none answered; the last: {job.Current?.Detail ?? supersede}").ConfigureAwait(false);
            return;
        }
        ImmutableArray<JobTarget> targets = JobTargets.For(job, plan, live);
        if (targets.IsEmpty || _inFlight.Count >= options.MaxConcurrentAttempts)
        {
            if (supersede is not null && await grain.Abandon(job.Epoch, supersede).ConfigureAwait(false))
            {
                LogAbandoned(id, job.Epoch, supersede);
            }
            return;
        }
        JobTarget target = targets[0];
        if (await grain.Start(job.Epoch, target.SiteId, _self, options.AttemptLease, supersede).ConfigureAwait(false) is not { } started)
        {
            return;
        }
        JobAttempt attempt = started.Current!;
        if (supersede is not null)
        {
            LogSuperseded(id, job.Epoch, attempt.Epoch, target.SiteId, supersede);
        }
        var flight = new InFlight(attempt.Epoch, attempt.Site, attempt.LeaseUntil);
        _inFlight[id] = flight;
        _ = RunAttemptAsync(grain, id, started, target, flight, stoppingToken);
    }

    /// <summary>Why the running attempt is dead, or null while it may still answer.</summary>
    private string? WhyDead(string id, JobAttempt attempt, LiveTopology live)
    {
        if (attempt.Dispatcher == _self)
        {
            return _inFlight.TryGetValue(id, out InFlight? flight) && flight.Epoch == attempt.Epoch
                ? flight.DeadReason(live, clock.UtcNow)
                : "this dispatcher no longer holds the call";
        }
        if (!DispatcherAlive(attempt.Dispatcher))
        {
            return $"the dispatcher that started it ({attempt.Dispatcher}) is gone";
        }
        return JobTargets.DeadReason(attempt.Site, live)
            ?? (clock.UtcNow >= attempt.LeaseUntil ? $"its lease expired at {attempt.LeaseUntil:O}" : null);
    }

    private bool DispatcherAlive(string dispatcher)
    {
        foreach (ClusterMember member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active && member.SiloAddress.ToParsableString() == dispatcher)
            {
                return true;
            }
        }
        return false;
    }

    private async Task RunAttemptAsync(IJobGrain grain, string id, JobRecord job, JobTarget target, InFlight flight, CancellationToken stoppingToken)
    {
        try
        {
            double budgetMs = (flight.LeaseUntil - clock.UtcNow).TotalMilliseconds;
            using var call = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            // Past the lease the job has moved on, but a late answer is still worth recording as discarded; after
            // twice the lease nobody is waiting for it.
            call.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(0, budgetMs)) + options.AttemptLease);
            AttemptReport report = await invoker.InvokeAsync(target, job.Request.Function, job.Request.Input, budgetMs, call.Token).ConfigureAwait(false);
            CompletionVerdict verdict = await grain.Complete(flight.Epoch, report, options.MaxAttempts).ConfigureAwait(false);
            if (verdict == CompletionVerdict.Superseded)
            {
                LogLateResultDiscarded(id, flight.Epoch, flight.Site, report.Outcome, report.Error);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping (or nobody waits any more): the attempt stays running in storage and the next dispatcher takes it over.
        }
        catch (Exception e)
        {
            LogAttemptFailed(e, id, flight.Epoch);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, InFlight>(id, flight));
        }
    }

    /// <summary>An attempt this dispatcher started and is still waiting on.</summary>
    private sealed record InFlight(long Epoch, string Site, DateTimeOffset LeaseUntil)
    {
        public string? DeadReason(LiveTopology live, DateTimeOffset now) =>
            JobTargets.DeadReason(Site, live) ?? (now >= LeaseUntil ? $"its lease expired at {LeaseUntil:O}" : null);
    }
}
