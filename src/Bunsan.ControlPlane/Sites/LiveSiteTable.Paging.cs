using System.Collections.Immutable;

namespace Bunsan.ControlPlane.Sites;

// GET /v1/sites pages: a page costs its own sites, not the federation.
public sealed partial class LiveSiteTable
{
    /// <summary>
    /// Up to <paramref name="limit"/> sites whose ids sort after <paramref name="after"/> (null: from the first), with
    /// health derived now, and whether any sites remain past them. Costs the page, not the federation.
    /// </summary>
    public async Task<(IReadOnlyList<SiteStatus> Sites, bool More)> PageAsync(string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (!HoldsEverySite)
        {
            ImmutableArray<SiteStatus> all = (await SiteGrainCapture.CaptureAsync(grains).ConfigureAwait(false)).Statuses;
            int first = StartAfter([.. all.Select(status => status.Site.Id)], after);
            return ([.. all.Skip(first).Take(limit)], all.Length - first > limit);
        }
        await EnsureLoadedAsync().ConfigureAwait(false);
        DateTimeOffset now = clock.UtcNow;
        string[] order = Order();
        int i = StartAfter(order, after);
        var page = new List<SiteStatus>(Math.Min(limit, order.Length - i));
        for (; i < order.Length && page.Count < limit; i++)
        {
            if (_entries.TryGetValue(order[i], out Entry? entry))
            {
                page.Add(entry.Status(_health, now));
            }
        }
        return (page, i < order.Length);
    }

    /// <summary>The index of the first id that sorts after <paramref name="after"/> (null: 0) in ordinal-sorted ids.</summary>
    private static int StartAfter(string[] ids, string? after)
    {
        if (after is null)
        {
            return 0;
        }
        int found = Array.BinarySearch(ids, after, StringComparer.Ordinal);
        return found >= 0 ? found + 1 : ~found;
    }
}
