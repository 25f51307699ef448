using System.Text.Json;
using Bunsan.ControlPlane.Datasets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// `/v1/datasets`: the catalog of owners' datasets. Adding one makes its site load the file (the rows stay there);
/// the catalog answers with the schema, the row count and the policy — never rows. `/policy` changes (PUT) or revokes
/// (DELETE) the usage policy; `/policy/explain` evaluates it for a purpose (see <see cref="PolicyExplainEndpoint"/>).
/// </summary>
public static class DatasetEndpoints
{
    public static void Map(IEndpointRouteBuilder admin, IEndpointRouteBuilder analysts)
    {
        admin.MapPut("/datasets/{name}", async (string name, HttpRequest request, DatasetService datasets, CancellationToken cancel) =>
        {
            (DatasetRequest? body, IResult? bad) = await ApiBody.ReadJsonAsync<DatasetRequest>(request, cancel);
            if (body is null)
            {
                return bad!;
            }
            string? policy = body.Policy is { ValueKind: JsonValueKind.Object } p ? p.GetRawText() : null;
            if (body.Policy is { } given && given.ValueKind != JsonValueKind.Object)
            {
                return ApiErrors.BadRequest($"policy is a JSON {given.ValueKind.ToString().ToLowerInvariant()}: send the usage policy as one ODRL JSON-LD object");
            }
            return Answer(await datasets.AddAsync(name, body.Site, body.Owner, body.File, policy, cancel));
        }).WithSummary("Adds a dataset (or replaces it): its site loads the file and keeps the rows; the catalog keeps schema, row count and policy")
          .Accepts<DatasetRequest>("application/json")
          .Produces<DatasetView>();

        analysts.MapGet("/datasets", async (DatasetService datasets) =>
            Results.Json((await datasets.ListAsync()).Select(r => DatasetView.From(r)).ToList(), ApiJson.Options))
            .WithSummary("Every dataset: site, owner, schema, row count, policy (never rows)");

        analysts.MapGet("/datasets/{name}", async (string name, IGrainFactory grains) =>
            await grains.Dataset(name).Record() is { } record ? Results.Json(DatasetView.From(record), ApiJson.Options) : NotFound(name))
            .WithSummary("One dataset of the catalog");

        admin.MapDelete("/datasets/{name}", async (string name, DatasetService datasets, CancellationToken cancel) =>
            await datasets.RemoveAsync(name, cancel) is null ? NotFound(name) : Results.NoContent())
            .WithSummary("Removes a dataset from the catalog, and its rows from its site");

        admin.MapPut("/datasets/{name}/policy", async (string name, HttpRequest request, DatasetService datasets, CancellationToken cancel) =>
        {
            byte[]? bytes = await ApiBody.ReadBytesAsync(request, ApiBody.MaxJsonBytes, cancel);
            if (bytes is null)
            {
                return ApiErrors.Problem(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"the policy is over {ApiBody.MaxJsonBytes:N0} bytes: a usage policy is a small JSON-LD document");
            }
            return Answer(await datasets.SetPolicyAsync(name, System.Text.Encoding.UTF8.GetString(bytes), cancel));
        }).WithSummary("Replaces a dataset's usage policy (the body is the ODRL JSON-LD policy); the next query is checked against it");

        admin.MapDelete("/datasets/{name}/policy", async (string name, DatasetService datasets, CancellationToken cancel) =>
            Answer(await datasets.RevokeAsync(name, cancel)))
            .WithSummary("Revokes a dataset's usage policy: every query on it is refused until a new policy is set");

        PolicyExplainEndpoint.Map(analysts);
    }

    private static IResult Answer(DatasetOutcome outcome) =>
        outcome.Record is { } record
            ? Results.Json(DatasetView.From(record, outcome.SiteSynced), ApiJson.Options)
            : ApiErrors.Problem(outcome.Status, outcome.Error, outcome.Reason);

    internal static IResult NotFound(string name) =>
        ApiErrors.NotFound($"no dataset '{Bunsan.Federation.FederationNames.Shown(name)}' is in the catalog: see GET /v1/datasets");
}
