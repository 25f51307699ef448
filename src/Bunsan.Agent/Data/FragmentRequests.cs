using Bunsan.Federation;
using Bunsan.Federation.Policies;
using Bunsan.Federation.Queries;
using Bunsan.Federation.Sites;

namespace Bunsan.Agent.Data;

/// <summary>The checks on a round-one request before the site reads any of it as a query (hostile input from the network).</summary>
internal static class FragmentRequests
{
    /// <summary>Most datasets one site answers for in one query, and most masking parties in one query.</summary>
    public const int MaxDatasets = 256;
    public const int MaxParties = 1024;

    public static string? PrepareProblem(FragmentPrepare request)
    {
        if (!IsQueryId(request.QueryId))
        {
            return "query_id is not 32 lowercase hex digits";
        }
        if (Purposes.Problem(request.Purpose) is { } purpose)
        {
            return "purpose: " + purpose;
        }
        if (FederationNames.Problem(request.Analyst, "analyst") is { } analyst)
        {
            return analyst;
        }
        if (request.ResultJurisdiction is not { Length: 2 } j || !j.All(char.IsAsciiLetterUpper))
        {
            return "result_jurisdiction is not an ISO 3166-1 alpha-2 code such as JP";
        }
        if (request.Datasets is not { Count: > 0 and <= MaxDatasets } datasets)
        {
            return $"datasets: name 1 to {MaxDatasets} datasets of this site";
        }
        if (datasets.FirstOrDefault(d => DatasetName.Problem(d ?? "") is not null) is { } bad)
        {
            return $"datasets: '{FederationNames.Shown(bad ?? "")}' is not a dataset name";
        }
        if (datasets.Distinct(StringComparer.Ordinal).Count() != datasets.Count)
        {
            return "datasets: a dataset is named twice";
        }
        if (request.Parties is < 1 or > MaxParties || request.Party < 0 || request.Party >= request.Parties)
        {
            return $"party {request.Party} of {request.Parties}: use 0 <= party < parties <= {MaxParties}";
        }
        return request.Epsilon is <= 0 ? "epsilon must be positive when given" : null;
    }

    public static bool IsQueryId(string? id) => id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
