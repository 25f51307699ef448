namespace Bunsan.Core.Sites;

/// <summary>Where a site sits in the hierarchy, from the street corner to another operator's cloud.</summary>
public enum SiteTier
{
    Edge,
    Regional,
    Core,
    Cloud,
}
