using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bunsan.ControlPlane.Queries;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.ControlPlane.Api;

/// <summary>`POST /v1/queries`: the query, why it is asked, and optionally the ε it may spend (a JSON number or a decimal string).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record QueryRequest(string? Sql, string? Purpose, JsonElement? Epsilon);

/// <summary>
/// `POST /v1/queries`: a federated aggregate query, run under the caller's name (an analyst token's, or "admin"): privacy
/// budgets are per analyst and the ledger records who asked. 200 the answer; 400 a bad query, purpose or ε; 403 a usage
/// policy refused it (with every site's verdicts); 404 no dataset matches; 409 the privacy budget would be overspent;
/// 503 a site did not answer (named), and nothing was released.
/// </summary>
public static class QueryEndpoints
{
    public static void Map(IEndpointRouteBuilder analysts)
    {
        analysts.MapPost("/queries", async (HttpRequest request, ClaimsPrincipal caller, QueryCoordinator coordinator, CancellationToken cancel) =>
        {
            (QueryRequest? body, IResult? bad) = await ApiBody.ReadJsonAsync<QueryRequest>(request, cancel);
            if (body is null)
            {
                return bad!;
            }
            string? epsilon = body.Epsilon switch
            {
                null or { ValueKind: JsonValueKind.Null } => null,
                { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
                { ValueKind: JsonValueKind.String } text => text.GetString(),
                _ => "?",
            };
            QueryOutcome outcome = await coordinator.RunAsync(body.Sql, body.Purpose, epsilon, caller.Identity?.Name ?? "", cancel);
            return outcome.Answer is { } answer
                ? Results.Json(answer, ApiJson.Options)
                : Results.Json(outcome.Refusal, ApiJson.Options, statusCode: outcome.Status);
        }).WithSummary("Runs a federated aggregate query at the datasets' sites: policies checked there, only masked sums leave")
          .Accepts<QueryRequest>("application/json")
          .Produces<QueryAnswerView>();
    }
}
