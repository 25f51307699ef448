using System.Collections.Immutable;
using Bunsan.Federation.Queries;
using Bunsan.Federation.Sites;

namespace Bunsan.ControlPlane.Queries;

/// <summary>One site's part in a query as the analyst sees it: which datasets it answered for and each one's verdict there.</summary>
public sealed record SiteVerdicts(string Site, IReadOnlyList<string> Datasets, IReadOnlyList<DatasetVerdict> Verdicts);

/// <summary>What a federated query moved over the network, both ways, between the coordinator and the sites.</summary>
public sealed record QueryTraffic(long BytesToSites, long BytesFromSites);

/// <summary>
/// A federated query's answer: the rows (groups below the minimum size suppressed), the datasets and sites that took
/// part with their verdicts, ε spent, and what the query moved.
/// </summary>
public sealed record QueryAnswerView(
    string QueryId, string QueryHash, IReadOnlyList<string> Columns, IReadOnlyList<ImmutableArray<AnswerValue>> Rows,
    int SuppressedGroups, IReadOnlyList<string> Datasets, IReadOnlyList<SiteVerdicts> Sites, decimal? Epsilon,
    int MinGroupSize, QueryTraffic Traffic, double ElapsedMs);

/// <summary>A refused or failed query: HTTP status, error code, reason naming the fix, and the verdicts gathered so far.</summary>
public sealed record QueryRefusal(
    string Error, string Reason, string? QueryId = null, IReadOnlyList<SiteVerdicts>? Sites = null,
    IReadOnlyList<string>? MissingSites = null);

public sealed record QueryOutcome(int Status, QueryAnswerView? Answer, QueryRefusal? Refusal)
{
    public static QueryOutcome Answered(QueryAnswerView answer) => new(200, answer, null);

    public static QueryOutcome Refused(int status, QueryRefusal refusal) => new(status, null, refusal);
}
