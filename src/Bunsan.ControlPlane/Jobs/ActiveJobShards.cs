using System.Collections.Immutable;
using Bunsan.ControlPlane.Catalogs;

namespace Bunsan.ControlPlane.Jobs;

/// <summary>
/// One shard of the durable list of unfinished job ids: what the dispatcher walks, and what brings queued and running
/// jobs back after a restart (Orleans cannot list grains). Only <see cref="IJobGrain"/> adds and removes its own id.
/// </summary>
[Alias("bunsan.IActiveJobsGrain")]
public interface IActiveJobsGrain : IGrainWithIntegerKey, INameList;

/// <inheritdoc cref="IActiveJobsGrain"/>
[GrainType("active-jobs")]
public sealed class ActiveJobsGrain([PersistentState("active-jobs")] IPersistentState<NameListState> state)
    : NameListGrain(state), IActiveJobsGrain;

/// <summary>
/// Unfinished job ids spread over <see cref="Count"/> lists by the id's first hex digits. Each list is one row rewritten
/// whole on every change (the site registry's measured lesson, see SiteRegistryShards): one list would rewrite every
/// queued id on each submission, quadratic in the backlog.
/// </summary>
public static class ActiveJobShards
{
    /// <summary>Fixed forever: ids are found again after a restart in the same shard.</summary>
    public const int Count = 64;

    /// <summary>The shard of a job id (ids are uniformly random hex, so their first digits spread evenly).</summary>
    public static long KeyOf(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return jobId.Length >= 2 && int.TryParse(jobId.AsSpan(0, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out int prefix)
            ? prefix % Count
            : 0;
    }

    /// <summary>Every listed id across the shards.</summary>
    public static async Task<ImmutableArray<string>> ListAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ImmutableArray<string>[] shards = await Task.WhenAll(Enumerable.Range(0, Count)
            .Select(key => grains.GetGrain<IActiveJobsGrain>(key).List())).ConfigureAwait(false);
        return [.. shards.SelectMany(ids => ids)];
    }
}
