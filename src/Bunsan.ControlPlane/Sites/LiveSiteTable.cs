using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Bunsan.Core.Sites;
using Bunsan.Core.Topologies;
using Microsoft.Extensions.Options;

namespace Bunsan.ControlPlane.Sites;

/// <summary>
/// Every registered site as its grain last knew it, in the silo's memory. The placement beat and GET /v1/sites read
/// a snapshot of it instead of calling every site grain: at 10,000 sites that was 10,000 grain calls a second
/// (0.23–0.40 s per beat, bench control-plane-scale) and most of the control plane's garbage.
/// <para>
/// Site grains are the only writers: each pushes its status when it activates (its state just read from storage),
/// registers, heartbeats or deregisters, from its own turn, so entries follow the grain's order of events and never
/// race each other. Health is not stored but derived from the heartbeat's age at snapshot time, so a site that goes
/// quiet turns degraded and then down without anyone writing. Durability stays with the site grains: after a restart
/// the table fills as <see cref="EnsureLoadedAsync"/> activates every site in the registry, and readers wait for that.
/// </para>
/// <para>
/// One silo (the embedded control plane) hosts every site grain, so its table sees every site. With several silos
/// each table holds only the sites whose grains that silo hosts, so while another silo is active reads fall back to
/// asking every site grain (<see cref="SiteGrainCapture"/>: correct, at the old cost). The production cluster's fast
/// path would gather one snapshot per silo (a grain service per silo: one call each per beat, not one per site) and
/// merge them by id; a dead silo's entries go with it, and its sites reappear where their grains reactivate on the
/// next heartbeat.
/// </para>
/// </summary>
public sealed partial class LiveSiteTable(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ControlPlaneClock clock,
    IOptions<SiteHealthOptions> healthOptions)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SiteHealthOptions _health = healthOptions.Value;
    private readonly Lock _gate = new();
    private long _membership;
    private SortedIds? _sorted;
    private Task? _loading;
    private Topology? _lastTopology;

    /// <summary>Records a site's status as its grain holds it now (health as registered; it is derived on read).</summary>
    public void Put(SiteStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        bool joins = !_entries.ContainsKey(status.Site.Id);
        _entries[status.Site.Id] = new Entry(status);
        if (joins)
        {
            Interlocked.Increment(ref _membership);
        }
    }

    /// <summary>
    /// A heartbeat's figures for a site already in the table, written into its entry in place; false when the site
    /// is not there (its grain then puts its whole status).
    /// </summary>
    internal bool Beat(string siteId, LoadReading load, DateTimeOffset at)
    {
        if (!_entries.TryGetValue(siteId, out Entry? entry))
        {
            return false;
        }
        entry.Beat(load, at);
        return true;
    }

    /// <summary>Forgets a deregistered site.</summary>
    public void Remove(string siteId)
    {
        if (_entries.TryRemove(siteId, out _))
        {
            Interlocked.Increment(ref _membership);
        }
    }

    /// <summary>
    /// Activates every site in the registry once, so that each pushes its stored registration: the table is
    /// complete when this returns. Later calls return the same task; a failed load is retried by the next caller.
    /// </summary>
    public Task EnsureLoadedAsync()
    {
        lock (_gate)
        {
            if (_loading is null || _loading.IsFaulted || _loading.IsCanceled)
            {
                // Off any grain's scheduler: the load must not be tied to the activation that happened to ask first.
                _loading = Task.Run(async () =>
                {
                    ImmutableArray<string> ids = await grains.SiteIds().ConfigureAwait(false);
                    await Task.WhenAll(ids.Select(id => grains.Site(id).GetStatus())).ConfigureAwait(false);
                });
            }
            return _loading;
        }
    }

    /// <summary>The federation now: a <see cref="Snapshot"/> once the table is complete, or every site grain asked while other silos are active.</summary>
    public async Task<LiveTopology> CaptureAsync()
    {
        if (!HoldsEverySite)
        {
            return await SiteGrainCapture.CaptureAsync(grains).ConfigureAwait(false);
        }
        await EnsureLoadedAsync().ConfigureAwait(false);
        return Snapshot();
    }

    /// <summary>True unless another silo is active (its site grains push into its own table, not this one).</summary>
    private bool HoldsEverySite => membership.CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active) <= 1;

    /// <summary>
    /// Every site in ordinal id order with health derived now. Consecutive snapshots in which no site joined, left,
    /// re-registered or changed health share one <see cref="Topology"/>, so the beat that finds nothing changed
    /// neither rebuilds the topology's index nor compares sites field by field.
    /// </summary>
    public LiveTopology Snapshot()
    {
        DateTimeOffset now = clock.UtcNow;
        string[] order = Order();
        var statuses = new SiteStatus[order.Length];
        int count = 0;
        foreach (string id in order)
        {
            if (_entries.TryGetValue(id, out Entry? entry))
            {
                statuses[count++] = entry.Status(_health, now);
            }
        }
        // Only a site leaving during the walk leaves the array short.
        Array.Resize(ref statuses, count);
        Topology topology = SameSites(_lastTopology, statuses)
            ? _lastTopology!
            : new Topology("live", [.. statuses.Select(status => status.Site)]);
        _lastTopology = topology;
        return new LiveTopology(topology, ImmutableCollectionsMarshal.AsImmutableArray(statuses));
    }

    private static bool SameSites(Topology? last, SiteStatus[] statuses)
    {
        if (last is null || last.Sites.Length != statuses.Length)
        {
            return false;
        }
        for (int i = 0; i < statuses.Length; i++)
        {
            if (!ReferenceEquals(last.Sites[i], statuses[i].Site))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Ids in ordinal order, sorted again only after a site joined or left.</summary>
    private string[] Order()
    {
        // Read before the keys: a join racing the sort bumps the count after its insert, so a list that misses it
        // is filed under the older count and sorted again on the next read.
        long membership = Interlocked.Read(ref _membership);
        if (Volatile.Read(ref _sorted) is { } sorted && sorted.Membership == membership)
        {
            return sorted.Ids;
        }
        string[] ids = [.. _entries.Keys];
        Array.Sort(ids, StringComparer.Ordinal);
        Volatile.Write(ref _sorted, new SortedIds(membership, ids));
        return ids;
    }

    private sealed record SortedIds(long Membership, string[] Ids);

    /// <summary>
    /// A pushed status with the figures of the heartbeats since written over it in place (<see cref="LoadReading"/>
    /// says why), and the registered site with a derived health kept alongside, so that consecutive snapshots hold the
    /// same <see cref="Site"/> instance while its health stands. Each read builds a fresh status: young garbage that
    /// dies with the snapshot, where a status kept per heartbeat was promoted by every collection.
    /// </summary>
    private sealed class Entry(SiteStatus reported)
    {
        private readonly Lock _gate = new();
        private LoadReading? _load = reported.LastLoad is { } load ? LoadReading.Of(load, null) : null;
        private DateTimeOffset? _heartbeatAt = reported.LastHeartbeatAt;
        private Site? _derived;

        public void Beat(LoadReading load, DateTimeOffset at)
        {
            lock (_gate)
            {
                _load = load;
                _heartbeatAt = at;
            }
        }

        /// <summary>The status now, its health assessed from the last heartbeat's age at <paramref name="now"/>.</summary>
        public SiteStatus Status(SiteHealthOptions health, DateTimeOffset now)
        {
            (Site site, LoadReading? load, DateTimeOffset? at) = Read(health, now);
            return new SiteStatus(site, reported.RegisteredAt, load?.ToLoad(), at, reported.DisconnectedAt);
        }

        /// <summary>
        /// Whether the status now would hold <paramref name="expected"/> itself (the same registration and derived
        /// health), and if so its last load figures.
        /// </summary>
        public bool Reads(Site expected, SiteHealthOptions health, DateTimeOffset now, out LoadReading? load)
        {
            (Site site, load, _) = Read(health, now);
            return ReferenceEquals(site, expected);
        }

        private (Site Site, LoadReading? Load, DateTimeOffset? At) Read(SiteHealthOptions health, DateTimeOffset now)
        {
            LoadReading? load;
            DateTimeOffset? at;
            lock (_gate)
            {
                (load, at) = (_load, _heartbeatAt);
            }
            return (SiteWith(health.Assess(at, now, reported.DisconnectedAt)), load, at);
        }

        private Site SiteWith(SiteHealth health)
        {
            if (reported.Site.Health == health)
            {
                return reported.Site;
            }
            Site? derived = _derived;
            if (derived is null || derived.Health != health)
            {
                derived = reported.Site with { Health = health };
                _derived = derived;
            }
            return derived;
        }
    }
}
