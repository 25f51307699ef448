using Bunsan.Core.Sites;
using Bunsan.Placement.Pipeline;

namespace Bunsan.Placement.Filters;

/// <summary>Only healthy sites receive new replicas: a degraded site is draining, a down one is gone.</summary>
public sealed class HealthFilter : ISiteFilter
{
    public static HealthFilter Instance { get; } = new();

    public string Name => "health";

    public string? Reject(PlacementScope scope, int siteIndex)
    {
        var health = scope.SiteAt(siteIndex).Health;
        return health == SiteHealth.Healthy
            ? null
            : $"health: site is {health.ToString().ToLowerInvariant()}; only healthy sites receive replicas";
    }
}
