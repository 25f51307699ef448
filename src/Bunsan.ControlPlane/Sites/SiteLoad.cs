namespace Bunsan.ControlPlane.Sites;

/// <summary>A site's load as its agent reports it in each heartbeat (by default every second).</summary>
/// <param name="Utilisation">Fraction of the site's cores busy, 0 to 1.</param>
/// <param name="QueueMs">The executor's estimate of queue wait for a new invocation, in ms.</param>
/// <param name="MeasuredAt">The agent's clock when it measured; shown, never compared with the control plane's clock.</param>
[GenerateSerializer, Immutable, Alias("bunsan.site-load")]
public sealed record SiteLoad(
    [property: Id(0)] double Utilisation,
    [property: Id(1)] double QueueMs,
    [property: Id(2)] DateTimeOffset MeasuredAt)
{
    /// <summary>An hour of queue is a stuck or lying agent, not a load figure.</summary>
    public const double MaxQueueMs = 3_600_000;

    /// <summary>Every problem, each naming the field and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(2);
        if (!double.IsFinite(Utilisation) || Utilisation is < 0 or > 1)
        {
            errors.Add(FormattableString.Invariant($"utilisation is {Utilisation}: use a fraction from 0 to 1"));
        }
        if (!double.IsFinite(QueueMs) || QueueMs is < 0 or > MaxQueueMs)
        {
            errors.Add(FormattableString.Invariant($"queue_ms is {QueueMs}: use milliseconds from 0 to {MaxQueueMs}"));
        }
        return errors;
    }
}
