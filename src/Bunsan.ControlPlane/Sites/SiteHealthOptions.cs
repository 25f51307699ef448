using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Sites;

/// <summary>How the age of a site's last heartbeat maps to its health. Agents heartbeat every second by default.</summary>
public sealed class SiteHealthOptions
{
    /// <summary>
    /// A heartbeat at most this old means healthy. Default 3 s: two lost heartbeats in a row are noise
    /// on a WAN link, three are a pattern. From 1 s to 1 h.
    /// </summary>
    public TimeSpan HealthyWithin { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A heartbeat older than this (or none at all) means down; between the two, degraded: it keeps
    /// its replicas but receives no new ones. Default 10 s. At least <see cref="HealthyWithin"/>, at most 1 h.
    /// </summary>
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every problem, each naming the option and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(2);
        if (HealthyWithin < TimeSpan.FromSeconds(1) || HealthyWithin > TimeSpan.FromHours(1))
        {
            errors.Add($"SiteHealth.HealthyWithin is {HealthyWithin}: use from 00:00:01 to 01:00:00");
        }
        if (DownAfter < HealthyWithin || DownAfter > TimeSpan.FromHours(1))
        {
            errors.Add($"SiteHealth.DownAfter is {DownAfter}: use from HealthyWithin ({HealthyWithin}) to 01:00:00");
        }
        return errors;
    }

    /// <summary>
    /// Health from when the last heartbeat was received (null: none yet), when the agent's plan stream was lost (null:
    /// connected), and the time now, all on the control plane's clock. A stream lost after the last heartbeat makes the
    /// site degraded at once rather than after <see cref="HealthyWithin"/>: a crashed agent's socket closes with it, so
    /// this detects a crash in the time a connection reset takes (a partition still waits for the heartbeats to stop).
    /// </summary>
    public SiteHealth Assess(DateTimeOffset? lastHeartbeatAt, DateTimeOffset now, DateTimeOffset? disconnectedAt = null)
    {
        if (lastHeartbeatAt is not { } last)
        {
            return SiteHealth.Down;
        }
        TimeSpan age = now - last;
        bool streamLost = disconnectedAt is { } lost && lost >= last;
        return age <= HealthyWithin && !streamLost ? SiteHealth.Healthy
            : age <= DownAfter ? SiteHealth.Degraded
            : SiteHealth.Down;
    }
}
