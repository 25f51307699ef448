using System.Text.Json;
using System.Text.Json.Serialization;
using Bunsan.Federation.Queries;

namespace Bunsan.Federation.Sites;

// The site data API: what the control plane and an owner's site say to each other (JSON over HTTP, bearer
// DataSecrets). Nothing here carries a row: datasets are loaded from a path on the site's own machine, and a
// query's answer leaves the site only as group keys and a masked vector of partial aggregates.

/// <summary>`PUT /v1/data/datasets/{name}`: load (or reload) a file at the site under a policy.</summary>
public sealed record DatasetLoadRequest(string Owner, string File, string Policy);

public sealed record DatasetColumnInfo(string Name, string Type);

/// <summary>What a site reports after loading: the shape of the data, never the data.</summary>
public sealed record DatasetLoaded(string Name, long Rows, IReadOnlyList<DatasetColumnInfo> Columns, string FileDigest, string PolicyDigest);

/// <summary>`PUT /v1/data/datasets/{name}/policy`: a new policy, or a revocation (Policy null, Revoked true).</summary>
public sealed record PolicyUpdate(string? Policy, bool Revoked);

/// <summary>
/// `POST /v1/data/queries/prepare`, round one of a query: the site re-parses the SQL itself (it never runs SQL it was
/// sent), checks each dataset's policy, computes its fragment, and answers with its verdicts, an ephemeral X25519 public
/// key and the group keys it has. <see cref="Party"/> is its index among <see cref="Parties"/> masking parties.
/// </summary>
public sealed record FragmentPrepare(
    string QueryId, string Sql, string Purpose, string Analyst, string ResultJurisdiction,
    IReadOnlyList<string> Datasets, int Party, int Parties, decimal? Epsilon);

/// <summary>One dataset's verdict at its site, with the policy digest the site evaluated.</summary>
public sealed record DatasetVerdict(string Dataset, bool Allowed, string Reason, int MinGroupSize, decimal? EpsilonBudget, string PolicyDigest);

public sealed record FragmentPrepared(string Site, IReadOnlyList<DatasetVerdict> Verdicts, string? PublicKey, IReadOnlyList<GroupKey>? Groups);

/// <summary>`POST /v1/data/queries/commit`, round two: every party's public key by index and the union of group keys.</summary>
public sealed record FragmentCommit(string QueryId, IReadOnlyList<string> PublicKeys, IReadOnlyList<GroupKey> Groups);

/// <summary>The site's masked vector: per group (in the order sent), its partials; little-endian uint64s, base64.</summary>
public sealed record FragmentMasked(string Masked);

/// <summary>Every error of the site data API: {"error", "reason"} like the control plane's own.</summary>
public sealed record SiteDataError(string Error, string Reason);

/// <summary>The JSON of the site data API: snake_case, unknown members refused (a typo must not pass as a default).</summary>
public static class SiteDataJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
