using System.Collections.Immutable;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Microsoft.Extensions.Options;

namespace Bunsan.ControlPlane.Sites;

/// <summary>
/// A site's registration (durable) and its last heartbeat (memory). Register writes its own state
/// first and then lists the id in the <see cref="ISiteRegistryGrain"/>; deregister unlists first and
/// then clears. So between the two steps the registry may name a site with no state (a snapshot skips
/// it) but never hides a registered one for longer than a retried call. Every change of what
/// <see cref="GetStatus"/> returns is pushed into the <see cref="LiveSiteTable"/> in the same turn, activation
/// included (that is how the table is rebuilt from storage after a restart).
/// </summary>
[GrainType("site")]
public sealed class SiteGrain(
    [PersistentState("site")] IPersistentState<SiteState> state,
    ControlPlaneClock clock,
    IOptions<SiteHealthOptions> healthOptions,
    LiveSiteTable table) : Grain, ISiteGrain
{
    private readonly SiteHealthOptions _health = healthOptions.Value;
    private LoadReading? _lastLoad;
    private DateTimeOffset? _lastHeartbeatAt;
    private DateTimeOffset? _disconnectedAt;
    private int _openStreams;

    private string SiteId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Publish();
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<ChangeResult> Register(SiteRegistration registration)
    {
        if (MissingParts(registration) is { Count: > 0 } missing)
        {
            return ChangeResult.Rejected(missing);
        }
        Site site = registration.ToSite(SiteId);
        ImmutableArray<string> errors = Validate(site);
        if (!errors.IsEmpty)
        {
            return new ChangeResult(errors);
        }
        Site? previous = state.State.Site;
        DateTimeOffset previousAt = state.State.RegisteredAt;
        state.State.Site = site;
        state.State.RegisteredAt = clock.UtcNow;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Site = previous;
            state.State.RegisteredAt = previousAt;
            throw;
        }
        Publish();
        await GrainFactory.SiteRegistry(SiteId).Add(SiteId);
        return ChangeResult.Accepted;
    }

    public Task<ChangeResult> Heartbeat(SiteLoad load)
    {
        if (state.State.Site is null)
        {
            return Task.FromResult(ChangeResult.Rejected($"site '{SiteId}' is not registered: register it before sending heartbeats"));
        }
        if (load is null)
        {
            return Task.FromResult(ChangeResult.Rejected("load is missing: send utilisation, queue_ms and measured_at"));
        }
        IReadOnlyList<string> errors = load.Validate();
        if (errors.Count > 0)
        {
            return Task.FromResult(ChangeResult.Rejected(errors));
        }
        // Memory only: 10,000 sites at one heartbeat a second would be 10,000 fsynced commits a second;
        // SQLite takes one writer at a time and a durable write measured p50 0.6 ms here (~1,700/s at best),
        // all for figures that are stale within seconds and worthless after a restart.
        _lastLoad = LoadReading.Of(load, _lastLoad);
        _lastHeartbeatAt = clock.UtcNow;
        // Only the figures change: the table's entry takes them in place (no new status object to promote).
        if (!table.Beat(SiteId, _lastLoad.Value, _lastHeartbeatAt.Value))
        {
            Publish();
        }
        return Task.FromResult(ChangeResult.Accepted);
    }

    public Task StreamOpened()
    {
        _openStreams++;
        return Task.CompletedTask;
    }

    public Task StreamClosed()
    {
        // Below zero only after a reactivation lost the count of streams opened before it: none is known open.
        _openStreams = Math.Max(0, _openStreams - 1);
        if (_openStreams == 0 && state.State.Site is not null)
        {
            _disconnectedAt = clock.UtcNow;
            Publish();
        }
        return Task.CompletedTask;
    }

    public async Task<bool> Deregister()
    {
        if (state.State.Site is null)
        {
            return false;
        }
        await GrainFactory.SiteRegistry(SiteId).Remove(SiteId);
        await GrainFactory.GetGrain<ISiteRegistryGrain>(SiteRegistryShards.UnshardedKey).Remove(SiteId);
        await state.ClearStateAsync();
        _lastLoad = null;
        _lastHeartbeatAt = null;
        table.Remove(SiteId);
        return true;
    }

    public Task<SiteStatus?> GetStatus()
    {
        if (state.State.Site is not { } site)
        {
            return Task.FromResult<SiteStatus?>(null);
        }
        SiteHealth health = _health.Assess(_lastHeartbeatAt, clock.UtcNow, _disconnectedAt);
        return Task.FromResult<SiteStatus?>(new SiteStatus(site with { Health = health }, state.State.RegisteredAt, _lastLoad?.ToLoad(), _lastHeartbeatAt, _disconnectedAt));
    }

    /// <summary>The status as stored and last heard, health as registered: the table derives health when read.</summary>
    private void Publish()
    {
        if (state.State.Site is { } site)
        {
            table.Put(new SiteStatus(site, state.State.RegisteredAt, _lastLoad?.ToLoad(), _lastHeartbeatAt, _disconnectedAt));
        }
    }

    /// <summary>Parts a caller can leave null across a grain call; the topology rules assume they are present.</summary>
    private static List<string> MissingParts(SiteRegistration? registration)
    {
        var missing = new List<string>();
        if (registration is null)
        {
            missing.Add("registration is missing: send the site's name, location, tier, jurisdiction, domains, capacity and energy");
            return missing;
        }
        void Require(object? part, string field, string example)
        {
            if (part is null)
            {
                missing.Add($"{field} is missing: {example}");
            }
        }
        Require(registration.Name, "name", "write the site's human-readable name");
        Require(registration.Jurisdiction, "jurisdiction", "write an ISO 3166-1 alpha-2 code such as JP");
        Require(registration.Domains, "domains", "give the metro and region the site belongs to");
        if (registration.Domains is { } domains)
        {
            Require(domains.Metro, "metro", "write the metro id, e.g. osaka");
            Require(domains.Region, "region", "write the region id, e.g. kansai");
        }
        Require(registration.Capacity, "capacity", "give cores and memory_gib");
        Require(registration.Energy, "energy", "give idle_w, peak_w, pue and grid_carbon_g_per_kwh");
        return missing;
    }

    /// <summary>The topology rules, applied to this one site; messages drop the "sites[0] (id): " prefix a file would need.</summary>
    private static ImmutableArray<string> Validate(Site site)
    {
        string prefix = $"sites[0] ({site.Id}): ";
        return [.. TopologyValidator.Validate(new Topology("registration", [site]))
            .Select(error => error.StartsWith(prefix, StringComparison.Ordinal) ? error[prefix.Length..] : error)];
    }
}
