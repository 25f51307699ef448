namespace Bunsan.Core.Sites;

/// <summary>Health as the control plane last saw it. Only <see cref="Healthy"/> sites receive new replicas.</summary>
public enum SiteHealth
{
    Healthy,
    Degraded,
    Down,
}
