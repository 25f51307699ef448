using Bunsan.ControlPlane.Sites;
using Bunsan.ControlPlane.Storage;
using Bunsan.Core.Sites;
using Orleans.Runtime;

namespace Bunsan.ControlPlane.Tests.Sites;

public sealed class SiteGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly SiteLoad Light = new(0.25, 1.5, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Register_ValidSite_IsListedDurablyAndReadBack()
    {
        string id = Samples.UniqueId("edge-osaka");

        ChangeResult result = await fixture.Grains.Site(id).Register(Samples.Osaka);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Contains(id, await fixture.Grains.SiteIds());
        SiteStatus? status = await fixture.Grains.Site(id).GetStatus();
        Assert.NotNull(status);
        Assert.Equal(Samples.Osaka.ToSite(id) with { Health = SiteHealth.Down }, status.Site);
        Assert.Equal(fixture.Clock.GetUtcNow(), status.RegisteredAt);
        Assert.Equal(1, await StoredRows.CountAsync(fixture.DatabasePath, "site", id));
    }

    [Fact]
    public async Task Register_WithEndpoint_KeepsItThroughStorage()
    {
        string id = Samples.UniqueId("edge-osaka");
        SiteRegistration withEndpoint = Samples.Osaka with { Endpoint = new Uri("http://127.0.0.1:7103") };

        ChangeResult result = await fixture.Grains.Site(id).Register(withEndpoint);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(new Uri("http://127.0.0.1:7103"), (await fixture.Grains.Site(id).GetStatus())!.Site.Endpoint);
    }

    [Fact]
    public async Task Register_EndpointWithCredentials_RejectedAndStoresNothing()
    {
        string id = Samples.UniqueId("edge-bad");

        ChangeResult result = await fixture.Grains.Site(id).Register(Samples.Osaka with { Endpoint = new Uri("http://user:secret@127.0.0.1:7103") });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Contains("endpoint", StringComparison.Ordinal));
        Assert.Null(await fixture.Grains.Site(id).GetStatus());
    }

    [Fact]
    public async Task Register_InvalidFields_RejectedNamingEachFieldAndStoresNothing()
    {
        string id = Samples.UniqueId("edge-bad");
        SiteRegistration bad = Samples.Osaka with { Jurisdiction = "jp", Capacity = new SiteCapacity(0, 128) };

        ChangeResult result = await fixture.Grains.Site(id).Register(bad);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StartsWith("jurisdiction 'jp' is not an ISO 3166-1 alpha-2 code", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("capacity.cores is 0: use a whole number", StringComparison.Ordinal));
        Assert.Null(await fixture.Grains.Site(id).GetStatus());
        Assert.DoesNotContain(id, await fixture.Grains.SiteIds());
        Assert.Equal(0, await StoredRows.CountAsync(fixture.DatabasePath, "site", id));
    }

    [Fact]
    public async Task Register_BadIdOrMissingParts_Rejected()
    {
        ChangeResult badId = await fixture.Grains.Site("edge osaka!").Register(Samples.Osaka);
        ChangeResult missing = await fixture.Grains.Site(Samples.UniqueId("edge")).Register(Samples.Osaka with { Domains = null!, Energy = null! });
        ChangeResult noMetro = await fixture.Grains.Site(Samples.UniqueId("edge")).Register(Samples.Osaka with { Domains = new FailureDomains(null!, "kansai") });

        Assert.Contains(badId.Errors, e => e.StartsWith("id 'edge osaka!' has the character ' '", StringComparison.Ordinal));
        Assert.Equal(["domains is missing: give the metro and region the site belongs to", "energy is missing: give idle_w, peak_w, pue and grid_carbon_g_per_kwh"], missing.Errors);
        Assert.Equal(["metro is missing: write the metro id, e.g. osaka"], noMetro.Errors);
    }

    [Fact]
    public async Task Register_InvalidUpdateOfRegisteredSite_KeepsThePreviousRegistration()
    {
        string id = Samples.UniqueId("edge-osaka");
        await fixture.Grains.Site(id).Register(Samples.Osaka);

        ChangeResult result = await fixture.Grains.Site(id).Register(Samples.Osaka with { Location = new(91, 135) });

        Assert.Equal(["location.lat is 91: use a number from -90 to 90"], result.Errors);
        Assert.Equal(Samples.Osaka.Location, (await fixture.Grains.Site(id).GetStatus())!.Site.Location);
    }

    [Fact]
    public async Task Heartbeat_AgeOfLastOne_DerivesHealth()
    {
        string id = Samples.UniqueId("edge-osaka");
        ISiteGrain site = fixture.Grains.Site(id);
        await site.Register(Samples.Osaka);
        Assert.Equal(SiteHealth.Down, (await site.GetStatus())!.Site.Health);

        Assert.True((await site.Heartbeat(Light)).Succeeded);
        Assert.Equal(SiteHealth.Healthy, (await site.GetStatus())!.Site.Health);
        fixture.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(SiteHealth.Healthy, (await site.GetStatus())!.Site.Health);
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SiteHealth.Degraded, (await site.GetStatus())!.Site.Health);
        fixture.Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(SiteHealth.Down, (await site.GetStatus())!.Site.Health);
        await site.Heartbeat(Light with { Utilisation = 0.5 });
        SiteStatus status = (await site.GetStatus())!;
        Assert.Equal(SiteHealth.Healthy, status.Site.Health);
        Assert.Equal(0.5, status.LastLoad!.Utilisation);
        Assert.Equal(fixture.Clock.GetUtcNow(), status.LastHeartbeatAt);
    }

    [Fact]
    public async Task Heartbeat_UnregisteredSiteOrBadLoad_Rejected()
    {
        string id = Samples.UniqueId("edge-osaka");

        ChangeResult unregistered = await fixture.Grains.Site(id).Heartbeat(Light);
        await fixture.Grains.Site(id).Register(Samples.Osaka);
        ChangeResult bad = await fixture.Grains.Site(id).Heartbeat(new SiteLoad(1.5, double.NaN, DateTimeOffset.UnixEpoch));

        Assert.Equal([$"site '{id}' is not registered: register it before sending heartbeats"], unregistered.Errors);
        Assert.Equal(["utilisation is 1.5: use a fraction from 0 to 1", "queue_ms is NaN: use milliseconds from 0 to 3600000"], bad.Errors);
        Assert.Null((await fixture.Grains.Site(id).GetStatus())!.LastLoad);
    }

    [Fact]
    public async Task Deregister_RegisteredSite_UnlistsAndDeletesItsRow()
    {
        string id = Samples.UniqueId("edge-osaka");
        await fixture.Grains.Site(id).Register(Samples.Osaka);

        bool removed = await fixture.Grains.Site(id).Deregister();
        bool again = await fixture.Grains.Site(id).Deregister();

        Assert.True(removed);
        Assert.False(again);
        Assert.Null(await fixture.Grains.Site(id).GetStatus());
        Assert.DoesNotContain(id, await fixture.Grains.SiteIds());
        Assert.Equal(0, await StoredRows.CountAsync(fixture.DatabasePath, "site", id));
    }

    [Fact]
    public async Task Register_AfterDeregister_RegistersAfresh()
    {
        string id = Samples.UniqueId("edge-osaka");
        await fixture.Grains.Site(id).Register(Samples.Osaka);
        await fixture.Grains.Site(id).Deregister();

        ChangeResult result = await fixture.Grains.Site(id).Register(Samples.Sapporo);

        Assert.True(result.Succeeded);
        Assert.Equal(Samples.Sapporo.ToSite(id) with { Health = SiteHealth.Down }, (await fixture.Grains.Site(id).GetStatus())!.Site);
    }

    [Fact]
    public async Task GetStatus_CorruptRow_FailsTheCallNamingTheRowInsteadOfInventingASite()
    {
        string id = Samples.UniqueId("edge-corrupt");
        await StoredRows.CorruptAsync(fixture.DatabasePath, "site", $"site/{id}");

        // Orleans wraps what a storage provider throws on activation, keeping it as the inner exception.
        var wrapped = await Assert.ThrowsAsync<OrleansException>(() => fixture.Grains.Site(id).GetStatus());

        var error = Assert.IsType<GrainStateUnreadableException>(wrapped.InnerException);
        Assert.Contains($"state 'site' of grain 'site/{id}' in {fixture.DatabasePath} cannot be read", error.Message, StringComparison.Ordinal);
    }
}
