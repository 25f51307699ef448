using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Sites;

/// <summary>
/// Site ids spread over <see cref="Count"/> registry grains by a stable hash of the id. A name list is stored as one
/// row, rewritten whole on every change: as a single list, each of 10,000 registrations rewrote up to 10,000 ids
/// (quadratic bytes, and every registration queued on one activation: registration slowed from 3 s to 6 s per
/// thousand sites by 10,000, bench control-plane-scale). Shards keep each rewrite to ~1/64 of the federation and let
/// registrations to different shards write in parallel, while staying plain Orleans state (grain storage cannot
/// enumerate its rows, so one row per id would leave nothing to list them by).
/// </summary>
public static class SiteRegistryShards
{
    /// <summary>Fixed forever: ids are found again after a restart by hashing into the same shards.</summary>
    public const int Count = 64;

    /// <summary>The key of the single list used before sharding; still read and cleaned so older data directories keep their sites.</summary>
    public const long UnshardedKey = 0;

    /// <summary>The registry key (1 to <see cref="Count"/>) of a site id: FNV-1a, stable across processes unlike string.GetHashCode.</summary>
    public static long KeyOf(string siteId)
    {
        ArgumentNullException.ThrowIfNull(siteId);
        uint hash = 2166136261;
        foreach (char c in siteId)
        {
            hash = (hash ^ c) * 16777619;
        }
        return 1 + (hash % Count);
    }

    /// <summary>Every registered id across the shards (and the unsharded list), in ordinal order.</summary>
    public static async Task<ImmutableArray<string>> ListAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ImmutableArray<string>[] shards = await Task.WhenAll(Enumerable.Range(0, Count + 1)
            .Select(key => grains.GetGrain<ISiteRegistryGrain>(key).List())).ConfigureAwait(false);
        return [.. shards.SelectMany(ids => ids).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
