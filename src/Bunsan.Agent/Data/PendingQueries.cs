using System.Collections.Concurrent;
using Bunsan.Federation.SecureAggregation;

namespace Bunsan.Agent.Data;

/// <summary>A query between its two rounds at this site: its fragment's groups and the masking party whose key the coordinator holds.</summary>
internal sealed record PendingQuery(FragmentResult Fragment, int PartialCount, int Parties, MaskingParty Party, DateTimeOffset Expires);

/// <summary>
/// Queries prepared here and not yet committed. A query the coordinator never commits (it failed elsewhere, or died)
/// is dropped after <see cref="Lifetime"/>, and with it the fragment's partials and the private key: nothing about
/// it outlives the query at this site. A query id commits at most once — a second commit would mask a second vector
/// with the same pairwise keys, and the difference of the two would show.
/// </summary>
internal sealed class PendingQueries(TimeProvider clock) : IDisposable
{
    /// <summary>Both rounds of a query take milliseconds; a minute is ample for a slow site and short for a leak.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>More pending queries than any coordinator runs at once: a flood cannot grow memory without bound.</summary>
    public const int MaxPending = 256;

    private readonly ConcurrentDictionary<string, PendingQuery> _pending = new(StringComparer.Ordinal);

    /// <summary>Holds a prepared query; false when too many are pending or the id is taken.</summary>
    public bool TryAdd(string queryId, FragmentResult fragment, int partialCount, int parties, MaskingParty party)
    {
        Sweep();
        return _pending.Count < MaxPending
            && _pending.TryAdd(queryId, new PendingQuery(fragment, partialCount, parties, party, clock.GetUtcNow() + Lifetime));
    }

    /// <summary>Takes the query out (whatever the commit's outcome, it cannot commit again); null when unknown or expired.</summary>
    public PendingQuery? Take(string queryId)
    {
        if (!_pending.TryRemove(queryId, out PendingQuery? pending))
        {
            return null;
        }
        if (pending.Expires < clock.GetUtcNow())
        {
            pending.Party.Dispose();
            return null;
        }
        return pending;
    }

    private void Sweep()
    {
        DateTimeOffset now = clock.GetUtcNow();
        foreach ((string id, PendingQuery pending) in _pending)
        {
            if (pending.Expires < now && _pending.TryRemove(id, out _))
            {
                pending.Party.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (PendingQuery pending in _pending.Values)
        {
            pending.Party.Dispose();
        }
        _pending.Clear();
    }
}
