using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Sites;

/// <summary>A registered site as the control plane sees it now.</summary>
/// <param name="Site">The registration, with <see cref="Site.Health"/> derived from the age of the last heartbeat.</param>
/// <param name="LastLoad">The load in the last heartbeat, or null when none arrived since this activation (or the control plane) started.</param>
/// <param name="LastHeartbeatAt">When the control plane received that heartbeat, on its own clock.</param>
/// <param name="DisconnectedAt">When the agent's last plan stream closed with none left open (a crashed agent's socket
/// closes at once), or null while one is open or none was seen since this activation.</param>
[GenerateSerializer, Immutable, Alias("bunsan.site-status")]
public sealed record SiteStatus(
    [property: Id(0)] Site Site,
    [property: Id(1)] DateTimeOffset RegisteredAt,
    [property: Id(2)] SiteLoad? LastLoad,
    [property: Id(3)] DateTimeOffset? LastHeartbeatAt,
    [property: Id(4)] DateTimeOffset? DisconnectedAt = null);
