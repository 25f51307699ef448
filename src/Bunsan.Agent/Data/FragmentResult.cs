using System.Collections.Immutable;
using Bunsan.Federation.Queries;

namespace Bunsan.Agent.Data;

/// <summary>One group of a fragment: its key and its integer partials (exact; HUGEINT sums fit Int128).</summary>
public sealed record FragmentGroup(GroupKey Key, Int128[] Partials);

/// <summary>The outcome of <see cref="SiteDataStore.Run"/>: the groups ordered by key, or an error naming what is wrong.</summary>
public sealed record FragmentResult(ImmutableArray<FragmentGroup> Groups, string? Error)
{
    public bool Ok => Error is null;

    internal static FragmentResult Failed(string error) => new([], error);
}
