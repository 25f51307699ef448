using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Sites;

/// <summary>A registered site as the control plane sees it now.</summary>
/// <param name="Site">The registration, with <see cref="Site.Health"/> derived from the age of the last heartbeat.</param>
/// <param name="LastLoad">The load in the last heartbeat, or null when none arrived since this activation (or the control plane) started.</param>
/// <param name="LastHeartbeatAt">When the control plane received that heartbeat, on its own clock.</param>
[GenerateSerializer, Immutable, Alias("bunsan.site-status")]
public sealed record SiteStatus(
    [property: Id(0)] Site Site,
    [property: Id(1)] DateTimeOffset RegisteredAt,
    [property: Id(2)] SiteLoad? LastLoad,
    [property: Id(3)] DateTimeOffset? LastHeartbeatAt);
