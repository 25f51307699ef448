namespace Bunsan.ControlPlane.Sites;

/// <summary>One site of the federation, keyed by site id (see <see cref="ControlPlaneGrains.Site"/>).</summary>
[Alias("bunsan.ISiteGrain")]
public interface ISiteGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the site, or updates its registration (an agent re-registers after a restart). Durable
    /// when it returns. Rejected (nothing stored) when the id or any field breaks the topology rules.
    /// </summary>
    [Alias("register")]
    Task<ChangeResult> Register(SiteRegistration registration);

    /// <summary>Records the site's current load; kept in memory only. Rejected for an unregistered site or a bad figure.</summary>
    [Alias("heartbeat")]
    Task<ChangeResult> Heartbeat(SiteLoad load);

    /// <summary>The site's agent opened a plan stream (Watch); memory only.</summary>
    [Alias("stream-opened")]
    Task StreamOpened();

    /// <summary>A plan stream of the site's agent closed; with none left open, the site is suspect until its next heartbeat.</summary>
    [Alias("stream-closed")]
    Task StreamClosed();

    /// <summary>Removes the site; false when it was not registered.</summary>
    [Alias("deregister")]
    Task<bool> Deregister();

    /// <summary>The site with its derived health, or null when not registered.</summary>
    [Alias("get")]
    Task<SiteStatus?> GetStatus();
}
