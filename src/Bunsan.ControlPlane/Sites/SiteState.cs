using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Sites;

/// <summary>What a site grain stores: the registration only. Load and heartbeats stay in memory (README.md says why).</summary>
[GenerateSerializer, Alias("bunsan.site-state")]
public sealed class SiteState
{
    /// <summary>The registered site (health as registered, always healthy; the live health is derived), or null when not registered.</summary>
    [Id(0)]
    public Site? Site { get; set; }

    [Id(1)]
    public DateTimeOffset RegisteredAt { get; set; }
}
