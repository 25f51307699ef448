namespace Bunsan.Agent.Data;

/// <summary>Limits of a <see cref="SiteDataStore"/>. Checked by <see cref="SiteDataStore.Open(string, SiteDataStoreOptions)"/>.</summary>
public sealed class SiteDataStoreOptions
{
    /// <summary>
    /// Largest file a dataset may be loaded from, in bytes. Default 1 GiB (1..2^40): loading streams rows
    /// through the agent at roughly 10^6 values a second, so a gigabyte takes minutes, during which the
    /// store serves no fragments — bigger datasets belong in several files or a bigger site.
    /// </summary>
    public long MaxFileBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Most groups one fragment may return. Default 100,000 (1..10^7): every group travels to the coordinator
    /// and through secure aggregation, and a group per row would be a table of near-raw rows.
    /// </summary>
    public int MaxGroups { get; init; } = 100_000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFileBytes, 1, nameof(MaxFileBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFileBytes, 1L << 40, nameof(MaxFileBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxGroups, 1, nameof(MaxGroups));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxGroups, 10_000_000, nameof(MaxGroups));
    }
}
