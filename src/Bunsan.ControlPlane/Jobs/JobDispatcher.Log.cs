using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Jobs;

public sealed partial class JobDispatcher
{
    [LoggerMessage(EventId = ControlPlaneEventIds.JobBeatFailed, Level = LogLevel.Warning, Message = "Job dispatch beat failed; retrying on the next beat")]
    private partial void LogBeatFailed(Exception exception);

    [LoggerMessage(EventId = ControlPlaneEventIds.JobAttemptSuperseded, Level = LogLevel.Information,
        Message = "Job {Job}: attempt {OldEpoch} abandoned ({Why}); attempt {NewEpoch} at {Site}")]
    private partial void LogSuperseded(string job, long oldEpoch, long newEpoch, string site, string why);

    [LoggerMessage(EventId = ControlPlaneEventIds.JobAttemptAbandoned, Level = LogLevel.Information,
        Message = "Job {Job}: attempt {Epoch} abandoned ({Why}); queued until a site can take it")]
    private partial void LogAbandoned(string job, long epoch, string why);

    [LoggerMessage(EventId = ControlPlaneEventIds.JobLateResultDiscarded, Level = LogLevel.Information,
        Message = "Job {Job}: late result of superseded attempt {Epoch} at {Site} discarded ({Outcome} {Error})")]
    private partial void LogLateResultDiscarded(string job, long epoch, string site, AttemptOutcome outcome, string? error);

    [LoggerMessage(EventId = ControlPlaneEventIds.JobAttemptFailed, Level = LogLevel.Warning,
        Message = "Job {Job}: attempt {Epoch} could not be recorded; the next beat takes the job over")]
    private partial void LogAttemptFailed(Exception exception, string job, long epoch);
}
