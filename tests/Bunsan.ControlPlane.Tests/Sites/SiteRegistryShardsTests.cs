using System.Collections.Immutable;
using Bunsan.ControlPlane.Sites;

namespace Bunsan.ControlPlane.Tests.Sites;

/// <summary>The registry's shards: stable keys, even spread, and data written before sharding still found.</summary>
public sealed class SiteRegistryShardsTests : IAsyncLifetime
{
    private readonly ClusterFixture _cluster = new();

    private IGrainFactory Grains => _cluster.Grains;

    private ISiteRegistryGrain Unsharded => Grains.GetGrain<ISiteRegistryGrain>(SiteRegistryShards.UnshardedKey);

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public void KeyOf_IsFnv1aOfTheId_SoStoredShardsAreFoundAgainByAnyProcess()
    {
        // FNV-1a 32 of "edge-osaka" is 0x886cc15c; 1 + that mod 64 = 29. A change here orphans every stored registry.
        Assert.Equal(29, SiteRegistryShards.KeyOf("edge-osaka"));
    }

    [Fact]
    public void KeyOf_TenThousandIds_UseEveryShardEvenly()
    {
        int[] perShard = new int[SiteRegistryShards.Count + 1];
        for (int i = 0; i < 10_000; i++)
        {
            perShard[SiteRegistryShards.KeyOf($"edge-{i:D5}")]++;
        }

        Assert.Equal(0, perShard[SiteRegistryShards.UnshardedKey]);
        Assert.All(perShard.Skip(1), count => Assert.InRange(count, 10_000 / 64 / 2, 10_000 / 64 * 2));
    }

    [Fact]
    public async Task Register_ListsTheIdInItsShardOnly()
    {
        Assert.True((await Grains.Site("edge-osaka").Register(Samples.Osaka)).Succeeded);

        Assert.Equal(["edge-osaka"], await Grains.GetGrain<ISiteRegistryGrain>(29).List());
        Assert.Empty(await Unsharded.List());
        Assert.Equal(["edge-osaka"], await Grains.SiteIds());
    }

    [Fact]
    public async Task UnshardedList_FromOlderData_IsReadOnRestartAndCleanedOnDeregister()
    {
        // As a data directory written before sharding holds it: the id in the single list at key 0, not in its shard.
        Assert.True((await Grains.Site("edge-osaka").Register(Samples.Osaka)).Succeeded);
        await Grains.SiteRegistry("edge-osaka").Remove("edge-osaka");
        await Unsharded.Add("edge-osaka");

        await _cluster.RestartAsync();
        ImmutableArray<string> listed = await Grains.SiteIds();
        LiveTopology live = await _cluster.SiteTable.CaptureAsync();
        Assert.True(await Grains.Site("edge-osaka").Deregister());

        Assert.Equal(["edge-osaka"], listed);
        Assert.Equal(["edge-osaka"], live.Topology.Sites.Select(s => s.Id));
        Assert.Empty(await Unsharded.List());
        Assert.Empty(await Grains.SiteIds());
    }
}
